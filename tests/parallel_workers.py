"""The suite's processes under pytest-xdist (`scripts/run_tests.py` starts one per core).

pytest-django gives each worker a database of its own (test_zhicheng_gw0, ..., named by
`name_test_databases_for_worker`; in memory on SQLite). Redis is the other shared service:
the cache, Celery's broker and its results all live in one Redis database, and a test that
clears the cache empties it. So each worker, and every process a test starts from it, uses a
Redis database of its own, numbered after the worker.

Loaded with `-p` (pyproject.toml) so that it runs before pytest-django reads the settings."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest

REDIS_SETTINGS = ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")


def redis_database_of_worker(url: str, worker: str) -> str:
    """`url` moved to the worker's own database: gw0 takes 1, gw1 takes 2, ...; database 0
    stays for a run without workers."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        return url
    database = 1 + int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{database}"))


WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if WORKER:
    for name in REDIS_SETTINGS:
        if os.environ.get(name):
            os.environ[name] = redis_database_of_worker(os.environ[name], WORKER)


def name_test_databases_for_worker(databases: dict, worker: str) -> None:
    """pytest-django's naming of each worker's test database, which knows an in-memory SQLite
    only by Django's own engine name; ours is django-prometheus's wrapper of it, so it named a
    file after the database's path and failed to open it. An SQLite without a test name is
    in memory, each worker's own already."""
    for database in databases.values():
        test_name = database.get("TEST", {}).get("NAME")
        if not test_name and database["ENGINE"].endswith(".sqlite3"):
            continue
        if test_name == ":memory:":
            continue
        database.setdefault("TEST", {})["NAME"] = (
            f"{test_name or 'test_' + database['NAME']}_{worker}"
        )


DATABASE_SEEN: list[str] = []


def record_database(description: str) -> None:
    """What the tests of this process ran on, for the summary's last line."""
    if not DATABASE_SEEN:
        DATABASE_SEEN.append(description)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """The controller learns from each worker what its tests ran on."""
    seen = getattr(node, "workeroutput", {}).get("database_seen")
    if seen:
        record_database(seen)


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None and DATABASE_SEEN:
        workeroutput["database_seen"] = DATABASE_SEEN[0]


def pytest_terminal_summary(terminalreporter):
    if DATABASE_SEEN:
        terminalreporter.write_line(f"Tests ran on the {DATABASE_SEEN[0]} database.")
