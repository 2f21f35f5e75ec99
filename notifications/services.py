from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from core.outbox import send_on_commit
from notifications.models import Notification

EMAIL_BATCH = 200  # messages e-mailed by one task

# A text is written for each recipient in their own language: senders pass a function that
# builds it (`lambda: _("…") % {...}`), or a lazy translation; a plain string is stored as is.
Text = str | Callable[[], str]


class Recipient(NamedTuple):
    """A recipient known by id and language only, for senders that never load the users."""

    pk: int
    preferred_language: str


@dataclass(frozen=True)
class Message:
    """One text for a few recipients; `notify_each` stores many of them at once."""

    recipients: tuple
    subject: Text
    body: Text = ""
    url: str = ""

    def texts_in(self, language: str) -> tuple[str, str]:
        with translation.override(language):
            return _written(self.subject), _written(self.body)


def _written(text: Text) -> str:
    return str(text() if callable(text) else text)


def language_of(recipient) -> str:
    language = getattr(recipient, "preferred_language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def notify(recipients, *, subject: Text, body: Text = "", url: str = "") -> list[Notification]:
    """Store a message for each recipient now, in their language, and e-mail it once the
    transaction commits, so that a rolled-back change never sends mail."""
    return notify_each([Message(tuple(recipients), subject, body, url)])


def notify_each(messages: Iterable[Message]) -> list[Notification]:
    """Store different texts for different people in one insert (a move of many
    declarations writes one to each applicant), e-mailed after commit by one task per
    batch rather than one task each. Each text is written once per language among its
    recipients."""
    unsaved = []
    for message in messages:
        written = {}
        for recipient in {recipient.pk: recipient for recipient in message.recipients}.values():
            language = language_of(recipient)
            if language not in written:
                written[language] = message.texts_in(language)
            subject, body = written[language]
            unsaved.append(
                Notification(recipient_id=recipient.pk, subject=subject, body=body, url=message.url)
            )
    notifications = Notification.objects.bulk_create(unsaved, batch_size=2000)
    digest = _digest.get()
    if digest is not None:
        digest.extend(
            (notification.recipient_id, notification.pk) for notification in notifications
        )
        return notifications
    _send_emails([notification.pk for notification in notifications])
    return notifications


# The messages stored inside `emails_as_digest`: (recipient id, notification id).
_digest: ContextVar[list | None] = ContextVar("notification_digest", default=None)


@contextmanager
def emails_as_digest():
    """Messages stored inside are kept as usual, but their e-mails wait until the block ends
    and then go out as one e-mail per person (`email_notifications`): a batch that moves a
    declaration twice (filed, then certified) writes to its applicant once. What committed
    is e-mailed even when the block ends with an error."""
    collected = []
    token = _digest.set(collected)
    try:
        yield
    finally:
        _digest.reset(token)
        # A person's messages side by side, so that one task gets all of them.
        _send_emails([pk for _recipient, pk in sorted(collected)])


def _send_emails(ids: list[int]) -> None:
    from notifications.tasks import email_notification, email_notifications

    for start in range(0, len(ids), EMAIL_BATCH):
        batch = ids[start : start + EMAIL_BATCH]
        if len(batch) == 1:
            send_on_commit(email_notification, batch[0])
        else:
            send_on_commit(email_notifications, batch)


@transaction.atomic
def mark_read(user, notification_ids) -> int:
    return Notification.objects.filter(
        recipient=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())


@transaction.atomic
def mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def set_email_preference(user, *, enabled: bool) -> None:
    """Whether the person's messages are also e-mailed to them (they stay in the product)."""
    user.email_notifications = enabled
    user.save(update_fields=["email_notifications"])
