from celery import shared_task

from privacy import retention


@shared_task
def apply_retention() -> int:
    """Nightly: what has passed its retention period goes (idempotent: gone is not found)."""
    return retention.apply_retention().total
