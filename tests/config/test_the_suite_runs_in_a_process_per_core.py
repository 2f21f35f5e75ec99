"""`make test` runs the suite in one pytest-xdist worker per core (scripts/run_tests.py), and
each worker keeps to a Redis database of its own (tests/parallel_workers.py), as pytest-django
keeps it to a database of its own."""

import os
import runpy
import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from config.celery import app as celery_app
from tests.parallel_workers import name_test_databases_for_worker, redis_database_of_worker

RUN_TESTS = runpy.run_path(str(settings.BASE_DIR / "scripts" / "run_tests.py"))
worker_arguments = RUN_TESTS["worker_arguments"]


def test_the_test_command_starts_a_worker_per_core_the_process_may_use(monkeypatch):
    monkeypatch.delenv("TEST_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})

    assert worker_arguments([]) == ["--numprocesses", "3", "--dist", "load"]
    assert worker_arguments(["tests/titles", "-q"]) == ["--numprocesses", "3", "--dist", "load"]


def test_one_worker_runs_the_suite_in_the_test_command_s_own_pytest(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setenv("TEST_WORKERS", "1")
    assert worker_arguments([]) == []

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    monkeypatch.delenv("TEST_WORKERS")
    assert worker_arguments([]) == []


@pytest.mark.parametrize(
    "chosen", [["-n", "0"], ["-n4"], ["--numprocesses=4"], ["--numprocesses", "4"]]
)
def test_a_number_of_workers_given_to_the_command_is_pytest_s_to_use(monkeypatch, chosen):
    monkeypatch.setenv("TEST_WORKERS", "2")
    assert worker_arguments(["tests/titles", *chosen]) == []


def test_each_worker_has_a_redis_database_numbered_after_it():
    assert redis_database_of_worker("redis://127.0.0.1:6379/0", "gw0") == "redis://127.0.0.1:6379/1"
    assert redis_database_of_worker("redis://127.0.0.1:6379", "gw1") == "redis://127.0.0.1:6379/2"
    assert (
        redis_database_of_worker("rediss://:secret@cache.example:6380/0?ssl_cert_reqs=none", "gw4")
        == "rediss://:secret@cache.example:6380/5?ssl_cert_reqs=none"
    )
    assert redis_database_of_worker("memory://", "gw0") == "memory://"


def test_this_worker_s_cache_broker_and_results_are_in_its_own_redis_database(requires_redis):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        pytest.skip("the suite runs in one process: Redis database 0 is its own")
    own = f"/{1 + int(worker.removeprefix('gw'))}"
    assert settings.REDIS_URL.endswith(own)
    assert celery_app.conf.broker_url.endswith(own)
    assert celery_app.conf.result_backend.endswith(own)

    key = f"parallel-workers-probe-{uuid.uuid4().hex}"
    cache.set(key, worker, 30)
    stored = cache.make_key(key)
    assert redis.Redis.from_url(settings.REDIS_URL).get(stored) is not None
    shared = settings.REDIS_URL.removesuffix(own) + "/0"
    assert redis.Redis.from_url(shared).exists(stored) == 0
    cache.delete(key)


def test_each_worker_names_a_postgresql_test_database_of_its_own_and_keeps_sqlite_in_memory():
    databases = {
        "default": {"ENGINE": "django_prometheus.db.backends.postgresql", "NAME": "zhicheng"},
        "named": {"ENGINE": "django.db.backends.postgresql", "NAME": "x", "TEST": {"NAME": "t"}},
        "embedded": {"ENGINE": "django_prometheus.db.backends.sqlite3", "NAME": "/srv/db.sqlite3"},
        "memory": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": "x",
            "TEST": {"NAME": ":memory:"},
        },
    }

    name_test_databases_for_worker(databases, "gw1")

    assert databases["default"]["TEST"]["NAME"] == "test_zhicheng_gw1"
    assert databases["named"]["TEST"]["NAME"] == "t_gw1"
    assert "TEST" not in databases["embedded"]
    assert databases["memory"]["TEST"]["NAME"] == ":memory:"


def test_this_worker_s_test_database_is_its_own(db):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        pytest.skip("the suite runs in one process: the test database is its own")
    if connection.vendor == "sqlite":
        assert connection.creation.is_in_memory_db(connection.settings_dict["NAME"])
    else:
        assert connection.settings_dict["NAME"].endswith(f"_{worker}")
