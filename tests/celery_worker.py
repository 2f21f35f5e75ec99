"""A real Celery worker inside the test process, consuming this run's own queue on Redis
(tests/conftest.py names it). Never pass `queues=` to start_worker: it narrows the app's
queues for every later worker of the run."""

from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app


@contextmanager
def celery_worker():
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING"
    ):
        yield
