"""One Celery beat at a time, whatever is started: a beat takes a lock on the broker's Redis
when it starts and keeps it alive while it runs; a second beat finds it taken and exits
instead of sending every periodic task twice. A beat that dies stops renewing it, and the
lock expires after BEAT_LOCK_SECONDS, when a replacement (compose restarts it) takes over."""

import logging
import os
import threading

import redis
from django.conf import settings

logger = logging.getLogger(__name__)
LOCK_NAME = "zhicheng:celery-beat"


class AnotherBeatRuns(Exception):
    pass


class BeatLock:
    """The lock this beat holds, renewed by a daemon thread until `release`."""

    def __init__(self, lock, seconds: int):
        self.lock, self.seconds = lock, seconds
        self.stopped = threading.Event()
        threading.Thread(target=self._renew, name="beat-lock", daemon=True).start()

    def _renew(self):
        while not self.stopped.wait(self.seconds / 3):
            try:
                self.lock.reacquire()
            except redis.exceptions.RedisError as error:
                # The lock may have passed to another beat: never run two.
                logger.critical("Celery beat lost its lock (%s); exiting.", error)
                os._exit(1)

    def release(self):
        self.stopped.set()
        self.lock.release()


def take_beat_lock(broker_url: str, seconds: int) -> BeatLock:
    """The lock, held for `seconds` and renewed every third of that for as long as this
    process lives; AnotherBeatRuns when another beat holds it."""
    name = f"{settings.TASK_QUEUE_PREFIX}{LOCK_NAME}"
    lock = redis.Redis.from_url(broker_url).lock(name, timeout=seconds, thread_local=False)
    if not lock.acquire(blocking=False):
        raise AnotherBeatRuns(
            f"Another Celery beat holds {name!r}; this one exits so that periodic tasks are "
            f"sent once. If that beat died, its lock expires within {seconds} s."
        )
    return BeatLock(lock, seconds)
