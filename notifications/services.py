from django.db import transaction
from django.utils import timezone

from notifications.models import Notification


def notify(recipients, *, subject: str, body: str = "", url: str = "") -> list[Notification]:
    """Store a message for each recipient now, and e-mail it once the transaction commits, so
    that a rolled-back change never sends mail. Subject and body are already translated."""
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, subject=subject, body=body, url=url)
        for user in {user.pk: user for user in recipients}.values()
    )
    from notifications.tasks import email_notification

    for notification in notifications:
        email_notification.delay_on_commit(notification.pk)
    return notifications


@transaction.atomic
def mark_read(user, notification_ids) -> int:
    return Notification.objects.filter(
        recipient=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
