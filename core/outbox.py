"""The outbox: a task is written to the database in the transaction that asks for it and sent
to the broker once that transaction commits. When the broker does not answer, the row waits
and the sweeper (`send_unsent`, run every minute by beat) sends it when the broker is back:
work asked for is never lost and a request never fails because Redis is down. A row sent
twice (the broker took it but the database could not record that) runs twice, which every
task allows (core/background.py)."""

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.models import OutboxMessage
from core.request_id import TASK_HEADER, current_request_id

logger = logging.getLogger(__name__)
SWEEP_BATCH = 500


def send_on_commit(task, *args, **kwargs) -> OutboxMessage:
    """Write `task(*args, **kwargs)` to the outbox now; send it once the transaction commits."""
    message = OutboxMessage.objects.create(
        task=task.name, args=list(args), kwargs=kwargs, request_id=current_request_id() or ""
    )
    transaction.on_commit(lambda: send(message.pk))
    return message


def send(message_id: int) -> bool:
    """Hand the row's task to the broker; False (and the row kept) when the broker does not
    take it. With tasks in-process (no broker) the task runs here, as it always did."""
    message = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).first()
    if message is None:
        return False
    task = current_app.tasks[message.task]
    if current_app.conf.task_always_eager:
        OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())
        task.apply_async(args=message.args, kwargs=message.kwargs)
        return True
    try:
        task.apply_async(
            args=message.args,
            kwargs=message.kwargs,
            task_id=f"outbox-{message.pk}",
            headers={TASK_HEADER: message.request_id} if message.request_id else None,
        )
    except Exception as error:  # noqa: BLE001 - any broker failure leaves the row to the sweeper
        logger.warning("Outbox message %s (%s) not sent yet: %s", message.pk, message.task, error)
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=str(error)[:500]
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())
    return True


def send_unsent() -> int:
    """Send the rows that have waited longer than OUTBOX_RESEND_AFTER_SECONDS, oldest first;
    stop at the first the broker refuses (it is down: the next sweep tries again)."""
    waited = timezone.now() - timedelta(seconds=settings.OUTBOX_RESEND_AFTER_SECONDS)
    sent = 0
    pending = OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=waited)
    for message_id in pending.order_by("created_at").values_list("pk", flat=True)[:SWEEP_BATCH]:
        if not send(message_id):
            break
        sent += 1
    return sent


def oldest_unsent_age() -> float | None:
    """Seconds the oldest unsent row has waited, for the metrics; None when none waits."""
    oldest = (
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return (timezone.now() - oldest).total_seconds() if oldest else None
