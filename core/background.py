"""How background work runs: at least once, and always to an end.

- Each kind of work has its own queue (`QUEUES`), so that a mail server that hangs never holds
  up certificates and the nightly work never waits behind a large export. Workers consume
  them separately (docker-compose.yml).
- Every task is acknowledged when it finishes (CELERY_TASK_ACKS_LATE): one whose worker dies
  is delivered again after CELERY_VISIBILITY_TIMEOUT. Every task is idempotent for that
  reason. A task whose worker died CELERY_MAX_WORKER_LOSSES times in a row is not run again:
  it is recorded as a `FailedTask` (shown to administrators) and its `gave_up` hook tells the
  work it belonged to (a job, a certificate batch).
- A task meeting a database or mail-server outage retries on a growing interval that covers
  CELERY_RETRY_OUTAGE_SECONDS (`RETRY_ON_DATABASE_OUTAGE`, `RETRY_ON_MAIL_OUTAGE`).
- Tasks are sent through the outbox (core/outbox.py), never straight from a request."""

import logging
from datetime import timedelta

from celery import Task
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from core.cache import CacheUnavailable

logger = logging.getLogger(__name__)

QUEUES = ("certificates", "email", "jobs", "scheduled")
# The queue of each app's tasks; an app not named goes to the default queue.
QUEUE_OF_APP = {
    "certificates": "certificates",
    "notifications": "email",
    "accounts": "email",
    "jobs": "jobs",
    "titles": "scheduled",
    "applicants": "scheduled",
    "juries": "scheduled",
    "quotas": "scheduled",
    "privacy": "scheduled",
    "core": "scheduled",
}


def queue_name(kind: str) -> str:
    """The queue of a kind of work, named apart by TASK_QUEUE_PREFIX (tests give each run
    its own, so that a run never consumes what another left on the shared Redis)."""
    return f"{settings.TASK_QUEUE_PREFIX}{kind}"


def route_task(name, args, kwargs, options, task=None, **kw):
    kind = QUEUE_OF_APP.get(name.split(".", 1)[0])
    return {"queue": queue_name(kind)} if kind else None


def retries_covering(seconds: int, longest_wait: int = 60) -> int:
    """How many retries, waiting 1, 2, 4 … seconds (at most `longest_wait`) between them,
    it takes to keep trying for `seconds`."""
    waited, retries = 0, 0
    while waited < seconds:
        waited += min(2**retries, longest_wait)
        retries += 1
    return retries


def _retry_options(errors: tuple) -> dict:
    return {
        "autoretry_for": errors,
        "retry_backoff": True,
        "retry_backoff_max": 60,
        "retry_jitter": False,
        "max_retries": retries_covering(settings.CELERY_RETRY_OUTAGE_SECONDS),
    }


DATABASE_OUTAGE = (OperationalError, InterfaceError)
RETRY_ON_DATABASE_OUTAGE = _retry_options(DATABASE_OUTAGE)
# smtplib's errors and a mail server's timeout are OSErrors.
RETRY_ON_MAIL_OUTAGE = _retry_options((OSError, *DATABASE_OUTAGE))


def _losses_key(task_id: str) -> str:
    # Task ids come from outbox rows, numbered from 1 in every deployment: the prefix that
    # names deployments' queues apart on a shared Redis names their counts apart too.
    return f"celery:unfinished-starts:{settings.TASK_QUEUE_PREFIX}{task_id}"


class ReliableTask(Task):
    """Every task's class (config/celery.py). Counts the starts of a delivery that never
    finished: the count survives only when the worker died inside the task."""

    # Called with the task's args and kwargs and the reason when the task is given up, so
    # that the work it belonged to shows the failure.
    gave_up = None

    def __call__(self, *args, **kwargs):
        task_id = getattr(self.request, "id", None)
        if task_id is None or self.request.is_eager or self.request.called_directly:
            return super().__call__(*args, **kwargs)
        key = _losses_key(task_id)
        cache.add(key, 0, timeout=86400)
        try:
            starts = cache.incr(key)
        except (ValueError, CacheUnavailable):
            starts = 1  # without the count the task runs: losing the cap beats losing work
        if starts > settings.CELERY_MAX_WORKER_LOSSES:
            self.give_up(
                args,
                kwargs,
                f"Its worker stopped {starts - 1} times while running it; it is not run again.",
            )
            cache.delete(key)
            return None
        try:
            return super().__call__(*args, **kwargs)
        finally:
            cache.delete(key)

    def give_up(self, args, kwargs, reason: str) -> None:
        from core.models import FailedTask

        logger.error("Task %s[%s] given up: %s", self.name, self.request.id, reason)
        # One transaction: whoever sees the failed task also sees its work marked failed.
        with transaction.atomic():
            FailedTask.objects.create(
                task=self.name,
                task_id=self.request.id or "",
                arguments={"args": list(args), "kwargs": kwargs},
                reason=reason,
            )
            if self.gave_up is not None:
                type(self).gave_up(*args, reason=reason, **kwargs)


# --- the sweeper ----------------------------------------------------------------------------

_RESTARTERS = []


def restarts_stalled_work(restart):
    """Register `restart(stalled_before) -> int`: send again the work of its kind whose last
    sign of life is older than `stalled_before` (a message the broker lost). Apps register in
    their tasks module."""
    _RESTARTERS.append(restart)
    return restart


def stalled_after() -> timedelta:
    """Work silent this long is stalled: its task would have been delivered again by now."""
    return timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT + settings.CELERY_TASK_TIME_LIMIT)


def last_sent(task, *first_args) -> object:
    """When `task` was last written to the outbox with these first arguments, or None."""
    from core.models import OutboxMessage

    rows = OutboxMessage.objects.filter(task=task.name)
    for position, value in enumerate(first_args):
        rows = rows.filter(**{f"args__{position}": value})
    return rows.order_by("-created_at").values_list("created_at", flat=True).first()


def sweep_background_work() -> dict:
    """Every minute (beat): send what the outbox still holds, then restart stalled work."""
    from django.utils.module_loading import autodiscover_modules

    from core import outbox

    # Apps register their restarters in their tasks modules, which a worker has imported
    # already but a process running the schedule by hand (manage.py run_schedule) may not.
    autodiscover_modules("tasks")
    done = {"outbox": outbox.send_unsent()}
    stalled_before = timezone.now() - stalled_after()
    for restart in _RESTARTERS:
        done[restart.__name__] = restart(stalled_before)
    return done
