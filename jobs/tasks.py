"""The one task that runs every background job. It is acknowledged only when it ends, so a
job whose worker died is delivered again and restarts (jobs/services.py says why that is
safe); a finished job delivered again does nothing. A job whose worker keeps dying is given
up and shown as failed (core/background.py)."""

from celery import shared_task

from core.background import RETRY_ON_DATABASE_OUTAGE, restarts_stalled_work
from jobs import services


def _give_up(job_id: int, *, reason: str) -> None:
    services.give_up_job(job_id, reason=reason)


@shared_task(gave_up=_give_up, **RETRY_ON_DATABASE_OUTAGE)
def run_job(job_id: int) -> str:
    return services.run_job(job_id)


restarts_stalled_work(services.restart_stalled_jobs)
