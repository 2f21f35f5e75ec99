from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.background import RETRY_ON_MAIL_OUTAGE
from notifications.models import Notification


@shared_task(**RETRY_ON_MAIL_OUTAGE)
def email_notification(notification_id: int) -> bool:
    """Idempotent: a notification already e-mailed is not sent again on a redelivery. Sent
    only to a person who has an address and wants their messages e-mailed."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        if not notification.recipient.email_notifications:
            return False  # the person reads their messages in the product only
        send_mail(
            notification.subject,
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


@shared_task(**RETRY_ON_MAIL_OUTAGE)
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail a batch of messages, each as `email_notification` would. That task is
    idempotent, so a retry after a mail-server failure sends only the rest."""
    return sum(bool(email_notification(pk)) for pk in notification_ids)
