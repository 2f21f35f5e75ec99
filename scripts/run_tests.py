"""The test command. Finds PostgreSQL and Redis on 127.0.0.1 (starting them when they are
stopped), points the suite at them, and runs pytest in one process per core (TEST_WORKERS
sets another number; 1, or pytest's own `-n 0`, runs it in this process alone).

Under CI=true a missing PostgreSQL or Redis is a failure. Elsewhere the suite falls back to
SQLite and in-process tasks, says so, and skips only what truly needs the real services."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/zhicheng"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def postgres_answers(url: str) -> bool:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    try:
        psycopg.connect(
            dbname="postgres",
            user=config["USER"] or "postgres",
            password=config["PASSWORD"] or None,
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError:
        return False
    return True


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=3).ping())
    except redis.RedisError:
        return False


def start_postgres() -> None:
    clusters = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if clusters and shutil.which("pg_ctlcluster"):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1], "main", "start"],
            check=False,
        )


def start_redis() -> None:
    if shutil.which("redis-server"):
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=False,
        )


def ensure(name, url, answers, start) -> bool:
    if answers(url):
        return True
    print(f"{name} does not answer at {url}: trying to start it.", flush=True)
    start()
    for _attempt in range(20):
        time.sleep(1)
        if answers(url):
            return True
    return False


def use(name, setting, answers, start, *, in_ci, fallback, also_unset=()) -> bool:
    """Point the tests at the service (`setting`: its variable and URL) when it answers or can
    be started. Unreachable: False under CI (the run fails), else the tests go without it
    (`fallback` says how) and True."""
    variable, url = setting
    if ensure(name, url, answers, start):
        os.environ[variable] = url
        return True
    if in_ci:
        print(f"FAIL: CI=true and {name} is unreachable at " + url, flush=True)
        return False
    print(f"{name} is unreachable: {fallback}", flush=True)
    for unset in (variable, *also_unset):
        os.environ.pop(unset, None)
    return True


def worker_arguments(arguments: list[str]) -> list[str]:
    """pytest-xdist's options for one worker per core, unless the caller chose. `load` hands
    each worker the tests in the order collected, which tests/conftest.py relies on: the
    tests sharing the demo first, the browser's last."""
    if any(arg.startswith(("-n", "--numprocesses")) for arg in arguments):
        return []
    workers = int(os.environ.get("TEST_WORKERS") or len(os.sched_getaffinity(0)))
    return ["--numprocesses", str(workers), "--dist", "load"] if workers > 1 else []


def main() -> int:
    os.chdir(ROOT)
    in_ci = os.environ.get("CI", "").lower() == "true"
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)

    if database_url.startswith("postgres") and not use(
        "PostgreSQL",
        ("DATABASE_URL", database_url),
        postgres_answers,
        start_postgres,
        in_ci=in_ci,
        fallback="falling back to SQLite.",
    ):
        return 1
    if not use(
        "Redis",
        ("REDIS_URL", redis_url),
        redis_answers,
        start_redis,
        in_ci=in_ci,
        fallback="Celery tasks run in-process.",
        also_unset=("CELERY_BROKER_URL",),
    ):
        return 1

    arguments = sys.argv[1:]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *worker_arguments(arguments), *arguments], check=False
    )
    if result.returncode == 5:
        print("FAIL: pytest collected no tests.", flush=True)
        return 1
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
