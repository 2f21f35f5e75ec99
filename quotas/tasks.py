from celery import shared_task

from quotas import services


@shared_task
def recompute_quotas(years: list[int] | None = None) -> dict:
    """The quota check: nightly from beat, and after each post-data import."""
    return services.recompute_quotas(years=years).as_dict()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail a batch of the quota check's messages, each as notifications' own task would.
    That task is idempotent, so a retry after a mail-server failure sends only the rest."""
    from notifications.tasks import email_notification

    return sum(bool(email_notification(pk)) for pk in notification_ids)
