from celery import shared_task

from quotas import services


@shared_task
def recompute_quotas(years: list[int] | None = None) -> dict:
    """The quota check: nightly from beat, and after each post-data import."""
    return services.recompute_quotas(years=years).as_dict()
