"""The readiness check "storage" asks the S3 bucket when the media are there: ready while
it writes, reads and deletes a file, not ready (naming the storage) when the bucket is gone."""

import pytest
from django.core.cache import cache

from core.heartbeat import KEY as HEARTBEAT_KEY
from core.heartbeat import record_beat_heartbeat


@pytest.fixture
def other_dependencies_up(requires_redis, settings, db):
    settings.HEALTH_DISK_MAX_USAGE_PERCENT = 100
    settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS = 300
    record_beat_heartbeat()
    yield
    cache.delete(HEARTBEAT_KEY)


def readiness(client):
    response = client.get("/health/ready/")
    return response.status_code, response.json()


def test_ready_when_the_bucket_answers_and_the_check_leaves_nothing_behind(
    media_on_s3, other_dependencies_up, client
):
    status, body = readiness(client)

    assert (status, body["checks"]["storage"]) == (200, "ok"), body
    assert media_on_s3.names() == []


def test_not_ready_when_the_bucket_is_gone(media_on_s3, other_dependencies_up, client):
    media_on_s3.client.delete_bucket(Bucket=media_on_s3.name)

    status, body = readiness(client)

    assert status == 503
    assert body["checks"]["storage"] != "ok"
    assert body["checks"]["database"] == "ok"
