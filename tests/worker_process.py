"""A real Celery worker in its own process (prefork, one child), against this test's database
and this run's queues on Redis: what a production worker is, so that a test can kill it, or
let a task kill its child. Extra modules to import first (a job kind only tests know) are
named in WORKER_IMPORTS."""

import os
import signal
import subprocess
import sys
import tempfile
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from core.background import QUEUES, queue_name


def database_url(port: int | None = None) -> str:
    """This test's database, as a DATABASE_URL for another process (through `port`, e.g. a
    proxy's, when given)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{port or db['PORT']}" if (port or db.get("PORT")) else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


@contextmanager
def worker_process(*, imports=(), database_port=None, kinds=None, **environment):
    """Start the worker; yield its Popen; stop it (if still running) on the way out. It
    reaches PostgreSQL through `database_port` when given (tests/tcp_proxy.py), and consumes
    the queues of `kinds` of work (all of them by default)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(database_port),
        "CELERY_BROKER_URL": celery_app.conf.broker_url,
        "TASK_QUEUE_PREFIX": settings.TASK_QUEUE_PREFIX,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CERTIFICATE_SIGNING_KEY": settings.CERTIFICATE_SIGNING_KEY,
        "WORKER_IMPORTS": ",".join(imports),
        **{key: str(value) for key, value in environment.items()},
    }
    queues = ",".join(queue_name(kind) for kind in (kinds or ("celery", *QUEUES)))
    # Its output goes to a file: a pipe nobody reads until the end fills up with a chatty
    # task's log, and the worker then hangs on its next line.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.worker_main", "-Q", queues],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group, so that a test can kill it whole
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            log.seek(0)
            process.output = log.read()  # for the test to read once the worker has stopped
            print(process.output)  # shown when the test fails


def kill_worker(process) -> None:
    """As a host crash or an OOM kill would: no chance to acknowledge or requeue anything."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
