from celery import shared_task

from applicants.services import deem_overdue_corrections_withdrawn as deem_overdue


@shared_task
def deem_overdue_corrections_withdrawn() -> int:
    """Nightly: declarations whose correction deadline passed are deemed withdrawn."""
    return deem_overdue()
