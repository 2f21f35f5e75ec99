from celery import shared_task

from core.background import RETRY_ON_DATABASE_OUTAGE
from titles import services


@shared_task(**RETRY_ON_DATABASE_OUTAGE)
def advance_plan_statuses():
    """Daily: opens and closes plans by their declaration windows."""
    return services.advance_plan_statuses()
