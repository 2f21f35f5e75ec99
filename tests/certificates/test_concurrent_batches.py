"""Two batches issuing at the same time, on PostgreSQL with real transactions, never share
or skip a number: the counter row queues them."""

import threading

import pytest
from django.db import connection

from certificates import services
from certificates.models import Certificate, CertificateCounter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_batches_at_once_never_share_a_number(results, requires_postgres, monkeypatch):
    # The numbering step alone: rendering is its own step, tested with the PDFs.
    monkeypatch.setattr(services, "enqueue_certificate_issue", lambda filing: 0)
    filings = [
        results.approve(results.submitted_filing(results.meeting(60))) for _batch in range(2)
    ]
    start = threading.Barrier(len(filings))
    errors = []

    def issue(filing):
        try:
            start.wait()
            ids = list(
                filing.entries.order_by("declaration_id").values_list("declaration_id", flat=True)
            )
            for first in range(0, len(ids), 10):
                services.issue_certificate_records(filing, ids[first : first + 10])
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(filing,)) for filing in filings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 121))
    assert Certificate.objects.values("number").distinct().count() == 120
    for filing in filings:
        assert Certificate.objects.filter(filing=filing).count() == 60
    assert CertificateCounter.objects.get().last_sequence == 120
