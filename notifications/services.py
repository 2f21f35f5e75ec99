from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.outbox import send_on_commit
from notifications.models import Notification

EMAIL_BATCH = 200  # messages e-mailed by one task


@dataclass(frozen=True)
class Message:
    """One text for a few recipients; `notify_each` stores many of them at once."""

    recipients: tuple
    subject: str
    body: str = ""
    url: str = ""


def notify(recipients, *, subject: str, body: str = "", url: str = "") -> list[Notification]:
    """Store a message for each recipient now, and e-mail it once the transaction commits, so
    that a rolled-back change never sends mail. Subject and body are already translated."""
    return notify_each([Message(tuple(recipients), subject, body, url)])


def notify_each(messages: Iterable[Message]) -> list[Notification]:
    """Store different texts for different people in one insert (a move of many
    declarations writes one to each applicant), e-mailed after commit by one task per
    batch rather than one task each."""
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user, subject=message.subject, body=message.body, url=message.url
            )
            for message in messages
            for user in {user.pk: user for user in message.recipients}.values()
        ],
        batch_size=2000,
    )
    from notifications.tasks import email_notification, email_notifications

    ids = [notification.pk for notification in notifications]
    for start in range(0, len(ids), EMAIL_BATCH):
        batch = ids[start : start + EMAIL_BATCH]
        if len(batch) == 1:
            send_on_commit(email_notification, batch[0])
        else:
            send_on_commit(email_notifications, batch)
    return notifications


@transaction.atomic
def mark_read(user, notification_ids) -> int:
    return Notification.objects.filter(
        recipient=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
