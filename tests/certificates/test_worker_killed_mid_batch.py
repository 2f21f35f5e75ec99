"""A worker killed in the middle of a certificate batch (SIGKILL to its whole process group:
no chance to acknowledge or hand anything back) and another started: the batch finishes
without anyone acting. The visibility timeout (shortened here to 5 s) hands the unacknowledged
chunks to the new worker; a chunk the kill caught between Redis handing it out and the worker
recording it as unacknowledged is lost to Redis, and beat's every-minute sweeper, played here
by the test every second, sends it again once the batch has been silent for longer than a
redelivery would take. Every declaration gets exactly one certificate and the numbers have no
gap. Real worker processes on PostgreSQL and Redis."""

import time

import pytest
from django.db import transaction

from certificates.models import Certificate
from core.background import sweep_background_work
from tests.worker_process import kill_worker, worker_process

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CERTIFICATES = 40


def finished():
    return Certificate.objects.exclude(pdf="").count()


def test_a_batch_finishes_after_its_worker_is_killed_half_way(
    requires_postgres, tasks_on_redis, results, settings
):
    settings.CERTIFICATE_ISSUE_CHUNK_SIZE = 2
    filing = results.submitted_filing(results.meeting(CERTIFICATES))
    with transaction.atomic():
        results.approve(filing)

    with worker_process(CELERY_VISIBILITY_TIMEOUT=5) as first:
        deadline = time.monotonic() + 90
        while finished() < 4 and time.monotonic() < deadline:
            assert first.poll() is None, "the worker stopped by itself"
            time.sleep(0.05)
        kill_worker(first)
    half_way = finished()
    assert 4 <= half_way < CERTIFICATES

    # What the test process's sweeper counts as stalled: silent for 5 + 5 s.
    settings.CELERY_VISIBILITY_TIMEOUT = 5
    settings.CELERY_TASK_TIME_LIMIT = 5
    started = time.monotonic()
    with worker_process(CELERY_VISIBILITY_TIMEOUT=5):
        deadline = time.monotonic() + 120
        while finished() < CERTIFICATES and time.monotonic() < deadline:
            sweep_background_work()
            time.sleep(1)
    print(f"killed at {half_way}/{CERTIFICATES}; finished {time.monotonic() - started:.1f} s later")

    certificates = Certificate.objects.filter(filing=filing)
    assert certificates.exclude(pdf="").count() == CERTIFICATES
    assert certificates.values("declaration").distinct().count() == CERTIFICATES
    sequences = sorted(certificates.values_list("sequence", flat=True))
    assert sequences == list(range(sequences[0], sequences[0] + CERTIFICATES))
