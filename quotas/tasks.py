from celery import shared_task

from core.background import RETRY_ON_DATABASE_OUTAGE
from quotas import services


@shared_task(**RETRY_ON_DATABASE_OUTAGE)
def recompute_quotas(years: list[int] | None = None) -> dict:
    """The quota check: nightly from beat, and after each post-data import."""
    return services.recompute_quotas(years=years).as_dict()
