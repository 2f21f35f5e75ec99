"""The bureau approves a filing while Redis is down: the page says the certificates are being
issued (no error), the decision is recorded, the batch's start waits in the outbox, and once
Redis answers the sweeper sends it and a real worker queues the chunks and issues every
certificate."""

import time
from datetime import date

import pytest
from django.utils import timezone

from certificates.models import Certificate, Filing
from core import outbox
from core.models import OutboxMessage
from tests.celery_worker import celery_worker
from tests.core.outage import broker_down

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_filing_approved_while_redis_is_down_is_certified_once_it_is_back(
    requires_postgres, tasks_on_redis, results, client
):
    filing = results.submitted_filing(results.meeting(6))
    client.force_login(results.bureau)

    with broker_down():
        response = client.post(
            f"/certificates/filings/{filing.pk}/approve/",
            {"document_number": "示人社发〔2026〕88号", "document_date": date.today().isoformat()},
            follow=True,
        )

    assert response.status_code == 200
    assert "Filing approved: the certificates are being issued." in response.content.decode()
    filing.refresh_from_db()
    assert filing.status == Filing.Status.APPROVED
    waiting = OutboxMessage.objects.filter(task="certificates.tasks.queue_certificate_chunks")
    assert waiting.count() == 1 and not waiting.filter(sent_at__isnull=False).exists()

    OutboxMessage.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    with celery_worker():
        assert outbox.send_unsent() >= 1
        deadline = time.monotonic() + 60
        issued = Certificate.objects.filter(filing=filing).exclude(pdf="")
        while issued.count() < 6 and time.monotonic() < deadline:
            time.sleep(0.2)
    assert issued.count() == 6
