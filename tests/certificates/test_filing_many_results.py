"""Approving a filing files all its declarations in one move: the same number of queries for
a few results as for many, one audit record per declaration naming the bureau, and the chain
still verifies."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from applicants.models import Declaration
from audit.models import AuditRecord
from audit.services import find_chain_break


def queries_to_approve(results, count) -> int:
    filing = results.submitted_filing(results.meeting(count))
    with CaptureQueriesContext(connection) as captured:
        results.approve(filing)
    filed = Declaration.objects.filter(filing_entries__filing=filing)
    assert set(filed.values_list("status", flat=True)) == {Declaration.Status.FILED}
    return len(captured.captured_queries)


def test_approving_a_filing_takes_the_same_queries_for_few_or_many(results):
    queries_to_approve(results, 1)  # the audit chain's head row is made by the first record
    few = queries_to_approve(results, 3)
    many = queries_to_approve(results, 40)
    assert many == few


def test_each_filed_declaration_is_audited_with_the_bureau_as_actor(results):
    filing = results.submitted_filing(results.meeting(5))
    results.approve(filing)

    records = AuditRecord.objects.filter(action="file")
    assert sorted(records.values_list("declaration_id", flat=True)) == sorted(
        filing.entries.values_list("declaration_id", flat=True)
    )
    assert {(r.actor, r.role) for r in records} == {(results.bureau, Role.HR_BUREAU)}
    assert find_chain_break() is None
