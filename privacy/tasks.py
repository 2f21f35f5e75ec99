from celery import shared_task

from core.background import RETRY_ON_DATABASE_OUTAGE
from privacy import retention


@shared_task(**RETRY_ON_DATABASE_OUTAGE)
def apply_retention() -> int:
    """Nightly: what has passed its retention period goes (idempotent: gone is not found)."""
    return retention.apply_retention().total
