"""The one task that runs every background job. It is acknowledged only when it ends, so a
job whose worker died is delivered again and restarts (jobs/services.py says why that is
safe); a finished job delivered again does nothing."""

from celery import shared_task
from django.db import OperationalError

from jobs import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def run_job(job_id: int) -> str:
    return services.run_job(job_id)
