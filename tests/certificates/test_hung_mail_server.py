"""A mail server that accepts connections and never answers does not hold up certificates:
e-mail has its own queue and workers, and each send gives up after EMAIL_TIMEOUT (and is
retried later) instead of holding its worker for ever. Real worker processes, one per queue,
as docker-compose.yml runs them; the mail server is a socket that never speaks."""

import socket
import time

import pytest
from django.db import transaction

from certificates.models import Certificate
from notifications.models import Notification
from tests.worker_process import worker_process

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CERTIFICATES = 10


def test_certificates_are_issued_while_the_mail_server_hangs(
    requires_postgres, tasks_on_redis, results, settings
):
    hung = socket.create_server(("127.0.0.1", 0))  # listens, accepts, never greets
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": hung.getsockname()[1],
        "EMAIL_TIMEOUT": 2,
    }
    settings.CERTIFICATE_ISSUE_CHUNK_SIZE = 5
    filing = results.submitted_filing(results.meeting(CERTIFICATES))
    for entry in filing.entries.select_related("declaration__applicant"):
        holder = entry.declaration.applicant
        holder.email = f"{holder.username}@example.test"  # so that there is mail to send
        holder.save(update_fields=["email"])
    with transaction.atomic():
        results.approve(filing)

    try:
        with (
            worker_process(kinds=("email",), **smtp) as mail_worker,
            worker_process(kinds=("certificates",), **smtp),
        ):
            started = time.monotonic()
            deadline = started + 90
            issued = Certificate.objects.filter(filing=filing).exclude(pdf="")
            while issued.count() < CERTIFICATES and time.monotonic() < deadline:
                time.sleep(0.2)
            took = time.monotonic() - started
            assert issued.count() == CERTIFICATES
            assert mail_worker.poll() is None  # still alive, retrying
            time.sleep(3)  # long enough for a send to time out
    finally:
        hung.close()
    output = mail_worker.output
    print(f"certificates issued in {took:.1f} s while the mail server hung")
    assert "retry" in output.lower() and "timed out" in output.lower()
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
