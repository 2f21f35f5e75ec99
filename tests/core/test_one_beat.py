"""Exactly one Celery beat sends the periodic tasks: a beat takes a lock on Redis at start and
renews it while it runs; a second beat started meanwhile exits, naming the lock, and a beat
started after the first has gone takes over."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

from core.beat_lock import AnotherBeatRuns, take_beat_lock


def test_a_second_lock_is_refused_until_the_first_is_gone(requires_redis):
    first = take_beat_lock(settings.CELERY_BROKER_URL, seconds=30)
    with pytest.raises(AnotherBeatRuns, match="Another Celery beat holds"):
        take_beat_lock(settings.CELERY_BROKER_URL, seconds=30)
    first.release()
    take_beat_lock(settings.CELERY_BROKER_URL, seconds=30).release()


def test_a_lock_nobody_renews_expires(requires_redis):
    held = take_beat_lock(settings.CELERY_BROKER_URL, seconds=1)
    held.stopped.set()  # as if its process had died: nobody renews it any more
    time.sleep(1.5)
    take_beat_lock(settings.CELERY_BROKER_URL, seconds=30).release()


def beat(tmp_path, name):
    env = {
        **os.environ,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "TASK_QUEUE_PREFIX": settings.TASK_QUEUE_PREFIX,
        "DEBUG": "1",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--schedule",
            str(tmp_path / f"{name}-schedule"),
            "--loglevel",
            "INFO",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_second_beat_process_exits_while_the_first_runs(requires_redis, tmp_path):
    first = beat(tmp_path, "first")
    try:
        time.sleep(6)  # started, lock taken
        assert first.poll() is None
        second = beat(tmp_path, "second")
        output, _ = second.communicate(timeout=60)
        assert second.returncode != 0
        assert "Another Celery beat holds" in output
        assert first.poll() is None  # the first goes on
    finally:
        first.terminate()
        first.communicate(timeout=30)
