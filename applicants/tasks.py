from celery import shared_task

from applicants.services import deem_overdue_corrections_withdrawn as deem_overdue
from core.background import RETRY_ON_DATABASE_OUTAGE


@shared_task(**RETRY_ON_DATABASE_OUTAGE)
def deem_overdue_corrections_withdrawn() -> int:
    """Nightly: declarations whose correction deadline passed are deemed withdrawn."""
    return deem_overdue()
