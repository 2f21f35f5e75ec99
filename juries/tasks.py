from celery import shared_task

from core.background import RETRY_ON_DATABASE_OUTAGE
from juries.services import publicity


@shared_task(**RETRY_ON_DATABASE_OUTAGE)
def close_ended_publicities() -> int:
    """Daily: publicity windows that ended with no open objection mark their declarations
    ready for filing. Safe to run again: a closed window is skipped."""
    return publicity.close_ended_publicities()
