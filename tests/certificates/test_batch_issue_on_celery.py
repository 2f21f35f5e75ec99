"""The certificate batch through a real Celery worker on Redis and PostgreSQL: one
certificate per declaration, consecutive numbers, every PDF, whatever reruns it."""

import time
from unittest import mock

import pytest
from django.core.files.storage import default_storage

from certificates import selectors, services
from certificates.models import Certificate, CertificateCounter, CertificateIssue, IssueFailure
from config.celery import app as celery_app
from tests.celery_worker import celery_worker

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(requires_postgres, tasks_on_redis):
    """Tasks wait on Redis until `celery_worker()` starts a real worker."""


def wait_until_finished(filing, seconds=240):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        progress = selectors.filing_progress(filing)
        if progress.finished:
            return progress
        time.sleep(0.2)
    raise AssertionError(f"the batch did not finish: {selectors.filing_progress(filing)}")


def assert_complete(filing, count):
    certificates = list(Certificate.objects.filter(filing=filing).order_by("sequence"))
    assert len(certificates) == count
    assert [c.sequence for c in certificates] == list(range(1, count + 1))
    assert len({c.number for c in certificates}) == count
    assert len({c.declaration_id for c in certificates}) == count
    for certificate in certificates:
        assert certificate.pdf and default_storage.exists(certificate.pdf.name)
        assert default_storage.size(certificate.pdf.name) == certificate.pdf_size > 0
    assert CertificateCounter.objects.get().last_sequence == count
    assert not IssueFailure.objects.filter(filing=filing).exists()


def test_a_filing_of_200_issues_200_consecutive_numbers_and_a_rerun_issues_none(
    results, broker, client
):
    filing = results.submitted_filing(results.meeting(200))

    with celery_worker():
        filing = results.approve(filing)
        progress = wait_until_finished(filing)
        assert (progress.total, progress.done, progress.failed) == (200, 200, 0)
        assert_complete(filing, 200)
        client.force_login(results.bureau)
        shown = client.get(f"/api/v1/filings/{filing.pk}/progress/").json()
        assert (shown["done"], shown["total"], shown["failed"], shown["finished"]) == (
            200,
            200,
            0,
            True,
        )

        # Rerun: the bureau's retry finds nothing to do, and chunks delivered again (as after
        # a lost acknowledgement) issue and render nothing.
        assert services.retry_certificate_issue(filing, actor=results.bureau) == 0
        redelivered = celery_app.send_task(
            "certificates.tasks.issue_certificate_chunk",
            args=[filing.pk, list(filing.entries.values_list("declaration_id", flat=True))],
        )
        assert redelivered.get(timeout=60) == {"issued": 0, "rendered": 0, "failed": 0}

    assert_complete(filing, 200)


class Killed(BaseException):
    """The worker process dying in the middle of a chunk's transaction."""


def test_a_batch_killed_part_way_and_rerun_ends_with_no_duplicate_and_no_gap(
    results, broker, settings
):
    settings.CERTIFICATE_ISSUE_CHUNK_SIZE = 20
    filing = results.submitted_filing(results.meeting(90))
    # Approved with no worker running: its five chunk tasks wait in Redis meanwhile.
    filing = results.approve(filing)
    ids = list(filing.entries.order_by("declaration_id").values_list("declaration_id", flat=True))
    chunks = [ids[start : start + 20] for start in range(0, 90, 20)]

    # A first worker finished chunk 1, issued chunk 2 but died before its PDFs, and died in
    # chunk 3 after taking its numbers, before the transaction committed.
    services.issue_certificate_chunk(filing.pk, chunks[0])
    services.file_declarations(filing, chunks[1])
    services.issue_certificate_records(filing, chunks[1])
    with (
        mock.patch.object(CertificateIssue.objects, "bulk_create", side_effect=Killed),
        pytest.raises(Killed),
    ):
        services.issue_certificate_chunk(filing.pk, chunks[2])
    assert CertificateCounter.objects.get().last_sequence == 40
    assert Certificate.objects.filter(filing=filing).count() == 40
    assert Certificate.objects.filter(filing=filing, pdf="").count() == 20

    # The queued tasks (chunks 1 and 2 again among them) and the bureau's retry run now.
    with celery_worker():
        services.retry_certificate_issue(filing, actor=results.bureau)
        wait_until_finished(filing)

    assert_complete(filing, 90)
