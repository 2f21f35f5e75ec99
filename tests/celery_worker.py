"""A real Celery worker inside the test process, consuming this run's own queue on Redis
(tests/conftest.py names it). Never pass `queues=` to start_worker: it narrows the app's
queues for every later worker of the run."""

from contextlib import ExitStack, contextmanager

from celery.contrib.testing.worker import start_worker
from django.test import override_settings

from config.celery import app as celery_app


@contextmanager
def celery_worker():
    with ExitStack() as stack:
        # pytest-django runs the suite with DEBUG off, on the demo's settings; this worker is
        # part of the test process, not a production start for core/checks.py to refuse.
        with override_settings(DEBUG=True):
            stack.enter_context(
                start_worker(
                    celery_app,
                    pool="solo",
                    perform_ping_check=False,
                    shutdown_timeout=30,
                    loglevel="WARNING",
                )
            )
        yield
