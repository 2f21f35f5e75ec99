"""Approving a filing records the decision at once, with the same number of queries for a few
results as for thousands: one background task queues the chunks, and the declarations are
filed and certified by the batch in the background, chunk by chunk, each filing recorded in
the audit chain as the approving bureau member's move."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from applicants.models import Declaration
from audit.models import AuditRecord
from audit.services import find_chain_break
from certificates import tasks
from core.models import OutboxMessage

S = Declaration.Status


def queries_to_approve(results, count, capture) -> int:
    filing = results.submitted_filing(results.meeting(count))
    with capture(execute=False), CaptureQueriesContext(connection) as captured:
        results.approve(filing)
    waiting = Declaration.objects.filter(filing_entries__filing=filing)
    assert set(waiting.values_list("status", flat=True)) == {S.IN_RESULT_PUBLICITY}
    return len(captured.captured_queries)


def test_approving_takes_the_same_queries_for_a_few_results_or_thousands(
    results, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_ISSUE_CHUNK_SIZE = 500
    queries_to_approve(results, 1, django_capture_on_commit_callbacks)  # the chain's head row
    few = queries_to_approve(results, 3, django_capture_on_commit_callbacks)
    OutboxMessage.objects.all().delete()
    many = queries_to_approve(results, 2000, django_capture_on_commit_callbacks)
    assert many == few
    [start] = OutboxMessage.objects.all()  # the batch's start, whatever the size
    assert start.task == "certificates.tasks.queue_certificate_chunks"


def test_the_batch_files_each_declaration_as_the_bureaus_move(
    results, django_capture_on_commit_callbacks
):
    filing = results.submitted_filing(results.meeting(5))
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)

    certified = Declaration.objects.filter(filing_entries__filing=filing)
    assert set(certified.values_list("status", flat=True)) == {S.CERTIFIED}
    records = AuditRecord.objects.filter(action="file")
    assert sorted(records.values_list("declaration_id", flat=True)) == sorted(
        filing.entries.values_list("declaration_id", flat=True)
    )
    assert {(r.actor, r.role) for r in records} == {(results.bureau, Role.HR_BUREAU)}
    filing.refresh_from_db()
    assert all(filing.document_number in r.reason for r in records)
    assert find_chain_break() is None


def test_a_filing_of_5000_is_approved_at_once_and_its_page_shows_the_progress(
    results, settings, client, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_ISSUE_CHUNK_SIZE = 500
    filing = results.submitted_filing(results.meeting(5000))

    # Approved, not yet worked on: the batch's start waits for a worker, which queues the
    # chunks, once (a second delivery of the start adds none).
    with django_capture_on_commit_callbacks(execute=False):
        results.approve(filing)
    [start] = OutboxMessage.objects.all()
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.queue_certificate_chunks.run(*start.args) == 5000
        assert tasks.queue_certificate_chunks.run(*start.args) == 0

    chunks = OutboxMessage.objects.filter(task="certificates.tasks.issue_certificate_chunk")
    assert chunks.count() == 10
    waiting = Declaration.objects.filter(filing_entries__filing=filing)
    assert waiting.filter(status=S.IN_RESULT_PUBLICITY).count() == 5000
    client.force_login(results.bureau)
    page = client.get(f"/certificates/filings/{filing.pk}/")
    assert page.status_code == 200
    progress = page.content.decode()
    assert '<strong data-field="done">0</strong> / <span data-field="total">5000</span>' in progress
    assert "In progress" in progress
