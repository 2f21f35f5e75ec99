"""Liveness says the process answers; readiness answers 200 only when the database, cache,
broker, media storage, disk and beat's heartbeat are all OK, and 503 naming the one that is
not."""

import re
import time

import pytest
from django.core.cache import cache

from core.heartbeat import KEY as HEARTBEAT_KEY
from core.heartbeat import record_beat_heartbeat
from tests.core.outage import CLOSED_REDIS, unreachable_cache

CHECKS = {"database", "cache", "broker", "storage", "disk", "beat"}


@pytest.fixture
def everything_up(requires_redis, settings, db):
    settings.HEALTH_DISK_MAX_USAGE_PERCENT = 100
    settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS = 300
    record_beat_heartbeat()
    yield
    cache.delete(HEARTBEAT_KEY)


def readiness(client):
    response = client.get("/health/ready/")
    return response.status_code, response.json()


def test_liveness_answers_without_asking_any_dependency(client, settings):
    settings.CACHES = unreachable_cache()
    settings.CELERY_BROKER_URL = CLOSED_REDIS

    response = client.get("/health/live/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_every_dependency_answers(client, everything_up):
    status, body = readiness(client)

    assert status == 200, body
    assert body["status"] == "ok"
    assert body["checks"] == {name: "ok" for name in CHECKS}


def test_not_ready_without_redis_naming_the_broker_and_the_cache(client, everything_up, settings):
    settings.CACHES = unreachable_cache()
    settings.CELERY_BROKER_URL = CLOSED_REDIS

    status, body = readiness(client)

    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"].startswith("Unavailable: broker unreachable")
    assert body["checks"]["cache"] != "ok"
    assert body["checks"]["database"] == "ok"


def test_a_stale_beat_heartbeat_makes_it_not_ready(client, everything_up, settings):
    settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS = 120
    cache.set(HEARTBEAT_KEY, time.time() - 600, timeout=None)

    status, body = readiness(client)

    assert status == 503
    # The request takes a moment, so the age read may already be one second more.
    assert re.fullmatch(
        r"Unavailable: last heartbeat 60[0-5] s ago \(limit 120 s\)", body["checks"]["beat"]
    )
    assert [name for name, state in body["checks"].items() if state != "ok"] == ["beat"]


def test_a_beat_that_never_ran_makes_it_not_ready(client, everything_up):
    cache.delete(HEARTBEAT_KEY)

    status, body = readiness(client)

    assert status == 503
    assert body["checks"]["beat"] == "Unavailable: no heartbeat from beat recorded"


def test_the_heartbeat_task_makes_it_ready_again(client, everything_up):
    from core.tasks import beat_heartbeat

    cache.set(HEARTBEAT_KEY, time.time() - 3600, timeout=None)
    assert readiness(client)[0] == 503

    beat_heartbeat.delay()

    assert readiness(client)[0] == 200


def test_a_full_disk_makes_it_not_ready(client, everything_up, settings):
    settings.HEALTH_DISK_MAX_USAGE_PERCENT = 1

    status, body = readiness(client)

    assert status == 503
    assert "disk usage" in body["checks"]["disk"]


def test_without_a_broker_the_broker_and_beat_checks_say_they_are_skipped(client, settings, db):
    settings.CELERY_BROKER_URL = None
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.HEALTH_DISK_MAX_USAGE_PERCENT = 100

    status, body = readiness(client)

    assert status == 200, body
    assert body["checks"]["broker"] == "skipped: no broker configured: tasks run in-process"
    assert body["checks"]["beat"] == "skipped: no broker configured: no beat to watch"


def test_plain_text_when_asked(client, everything_up):
    response = client.get("/health/ready/", HTTP_ACCEPT="text/plain")

    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == "status: ok"
    assert "beat: ok" in response.content.decode()
