"""PostgreSQL out of reach for the worker in the middle of a certificate batch (every
connection dropped and new ones refused for 12 s, as in a database restart): the chunks that
meet the outage retry on a growing interval and the batch finishes once the database is back,
without anyone acting; one certificate per declaration, no gap. A real worker process reaches
PostgreSQL through a proxy the test cuts."""

import time

import pytest
from django.db import connection, transaction

from certificates.models import Certificate
from tests.tcp_proxy import CuttableProxy
from tests.worker_process import worker_process

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CERTIFICATES = 30


def finished(filing):
    return Certificate.objects.filter(filing=filing).exclude(pdf="").count()


def test_a_batch_finishes_after_the_database_was_out_of_reach(
    requires_postgres, tasks_on_redis, results, settings
):
    settings.CERTIFICATE_ISSUE_CHUNK_SIZE = 2
    filing = results.submitted_filing(results.meeting(CERTIFICATES))
    with transaction.atomic():
        results.approve(filing)
    db = connection.settings_dict
    proxy = CuttableProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))

    try:
        with worker_process(database_port=proxy.port) as worker:
            deadline = time.monotonic() + 90
            while finished(filing) < 4 and time.monotonic() < deadline:
                assert worker.poll() is None
                time.sleep(0.05)
            proxy.cut()
            # A COMMIT PostgreSQL received before the cut still lands, as in a real outage:
            # counted once it has, so that the wait below sees only work after the cut.
            time.sleep(2)
            cut_at = finished(filing)
            time.sleep(10)
            assert finished(filing) == cut_at < CERTIFICATES  # nothing done while it is out
            proxy.restore()
            restored = time.monotonic()
            deadline = restored + 120
            while finished(filing) < CERTIFICATES and time.monotonic() < deadline:
                assert worker.poll() is None, "the worker stopped"
                time.sleep(0.2)
            print(f"cut at {cut_at}; finished {time.monotonic() - restored:.1f} s after")
    finally:
        proxy.close()

    certificates = Certificate.objects.filter(filing=filing)
    assert certificates.exclude(pdf="").count() == CERTIFICATES
    assert certificates.values("declaration").distinct().count() == CERTIFICATES
    sequences = sorted(certificates.values_list("sequence", flat=True))
    assert sequences == list(range(sequences[0], sequences[0] + CERTIFICATES))
