from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.background import RETRY_ON_MAIL_OUTAGE
from notifications.models import Notification
from notifications.services import language_of


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
            _email_text(notification),
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def _email_text(notification: Notification) -> str:
    """The message as e-mailed: its text, then the link that opens it in the product (and
    marks it read there)."""
    link = settings.SITE_URL.rstrip("/") + reverse("notifications:open", args=[notification.pk])
    return "\n".join(part for part in (notification.body, link) if part)


@shared_task(**RETRY_ON_MAIL_OUTAGE)
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail a batch of messages: one e-mail per person, their messages together when they
    have several. Idempotent as `email_notification` is, so a retry after a mail-server
    failure sends only the rest. Returns the number of e-mails sent."""
    by_recipient = defaultdict(list)
    for notification_id, recipient_id in Notification.objects.filter(
        pk__in=notification_ids
    ).values_list("pk", "recipient_id"):
        by_recipient[recipient_id].append(notification_id)
    sent = 0
    for ids in by_recipient.values():
        sent += email_notification(ids[0]) if len(ids) == 1 else _email_digest(sorted(ids))
    return sent


def _email_digest(notification_ids: list[int]) -> bool:
    """One person's messages in one e-mail, in the order they were written."""
    with transaction.atomic():
        notifications = list(
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk__in=notification_ids, emailed_at__isnull=True)
            .order_by("pk")
        )
        if not notifications:
            return False
        recipient = notifications[0].recipient
        if not recipient.email or not recipient.email_notifications:
            return False
        if len(notifications) == 1:
            subject = notifications[0].subject
        else:
            with translation.override(language_of(recipient)):
                subject = _("%(count)d messages: %(first)s") % {
                    "count": len(notifications),
                    "first": notifications[0].subject,
                }
        body = "\n\n".join(
            f"{notification.subject}\n{_email_text(notification)}" for notification in notifications
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
    return True
