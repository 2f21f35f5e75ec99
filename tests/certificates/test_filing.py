"""The office submits publicized results for filing; the HR bureau approves them with its
document number (and the certificates are issued) or returns them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from applicants.models import Declaration
from audit.models import AuditRecord
from certificates import services
from certificates.models import Certificate, CertificateCounter, Filing
from juries.models import Objection
from tests.certificates.conftest import DOCUMENT_NUMBER

S = Declaration.Status


def test_approving_a_filing_files_every_result_and_issues_their_certificates(
    results, django_capture_on_commit_callbacks
):
    meeting = results.meeting(3, names=["张伟", "王芳", "李娜"])
    filing = results.submitted_filing(meeting)
    assert filing.status == Filing.Status.SUBMITTED
    assert filing.entries.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)

    filing.refresh_from_db()
    assert filing.status == Filing.Status.APPROVED
    assert filing.document_number == DOCUMENT_NUMBER
    assert filing.issuing_authority.name == "示范市人力资源和社会保障局"
    certificates = list(Certificate.objects.filter(filing=filing).order_by("sequence"))
    year = timezone.localdate().year
    assert [c.number for c in certificates] == [f"SF-{year}-GC-{n:06d}" for n in (1, 2, 3)]
    assert [c.holder_name for c in certificates] == ["张伟", "王芳", "李娜"]
    assert all(c.pdf and c.pdf_size for c in certificates)
    assert set(Declaration.objects.filter(filings=filing).values_list("status", flat=True)) == {
        S.CERTIFIED
    }
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"submit_filing", "approve_filing", "file", "certify"} <= actions


def test_results_never_publicized_cannot_be_filed(results):
    meeting = results.meeting(2)
    meeting.publicity.delete()

    with pytest.raises(ValidationError, match="No result of this meeting is ready"):
        results.submitted_filing(meeting)
    assert not Filing.objects.exists()


def test_results_still_in_publicity_cannot_be_filed(results):
    meeting = results.meeting(2, publicity_ends=timezone.localdate())

    with pytest.raises(ValidationError):
        results.submitted_filing(meeting)


def test_a_result_with_an_open_objection_cannot_be_filed(results):
    meeting = results.meeting(2)
    objected = meeting.candidates.order_by("pk").first()
    Objection.objects.create(
        publicity=meeting.publicity,
        candidate=objected,
        filer_name="某某",
        filer_phone="13900000000",
        content="论文抄袭",
    )

    with pytest.raises(ValidationError, match="cannot be filed"):
        services.submit_filing(
            actor=results.office,
            meeting=meeting,
            declaration_ids=[c.declaration_id for c in meeting.candidates.all()],
        )

    filing = results.submitted_filing(meeting)
    assert list(filing.entries.values_list("declaration_id", flat=True)) == [
        c.declaration_id for c in meeting.candidates.exclude(pk=objected.pk)
    ]


def test_an_objection_opened_after_submission_stops_the_approval(results):
    meeting = results.meeting(2)
    filing = results.submitted_filing(meeting)
    Objection.objects.create(
        publicity=meeting.publicity,
        candidate=meeting.candidates.first(),
        filer_name="某某",
        filer_phone="13900000000",
        content="业绩造假",
    )

    with pytest.raises(ValidationError, match="can no longer be filed"):
        results.approve(filing)
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED
    assert not Declaration.objects.filter(status=S.FILED).exists()


def test_a_result_is_filed_once(results):
    meeting = results.meeting(2)
    results.submitted_filing(meeting)

    with pytest.raises(ValidationError, match="No result of this meeting is ready"):
        results.submitted_filing(meeting)


def test_only_the_meetings_office_submits_and_only_its_bureau_decides(results):
    meeting = results.meeting(1)
    with pytest.raises(PermissionDenied):
        services.submit_filing(actor=results.bureau, meeting=meeting)
    filing = results.submitted_filing(meeting)

    with pytest.raises(PermissionDenied):
        services.approve_filing(
            filing,
            actor=results.office,
            document_number=DOCUMENT_NUMBER,
            document_date=timezone.localdate(),
        )
    with pytest.raises(PermissionDenied):
        services.return_filing(filing, actor=results.demo["users"]["employer"], reason="不符")
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED


def test_approval_needs_a_document_number_and_a_real_date(results):
    filing = results.submitted_filing(results.meeting(1))

    with pytest.raises(ValidationError) as missing:
        services.approve_filing(
            filing, actor=results.bureau, document_number=" ", document_date=None
        )
    assert set(missing.value.message_dict) == {"document_number", "document_date"}
    with pytest.raises(ValidationError) as future:
        services.approve_filing(
            filing,
            actor=results.bureau,
            document_number=DOCUMENT_NUMBER,
            document_date=timezone.localdate() + timedelta(days=1),
        )
    assert "document_date" in future.value.message_dict
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED


def test_the_bureau_returns_a_filing_with_reasons_and_the_office_can_submit_again(results):
    meeting = results.meeting(2)
    filing = results.submitted_filing(meeting)

    with pytest.raises(ValidationError):
        services.return_filing(filing, actor=results.bureau, reason="  ")
    services.return_filing(filing, actor=results.bureau, reason="公示材料不全")

    filing.refresh_from_db()
    assert filing.status == Filing.Status.RETURNED
    assert filing.return_reason == "公示材料不全"
    assert not Declaration.objects.filter(status=S.FILED).exists()
    again = results.submitted_filing(meeting)
    assert again.entries.count() == 2
    with pytest.raises(ValidationError, match="already been decided"):
        results.approve(filing)


def test_an_unfiled_declaration_cannot_get_a_certificate(
    results, django_capture_on_commit_callbacks
):
    meeting = results.meeting(1)
    filing = results.submitted_filing(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)
    [unfiled] = results.add_candidates(meeting, results.people(1))
    # Even slipped into an approved filing, a declaration that was never filed is refused.
    filing.entries.create(declaration=unfiled)

    issued = services.issue_certificate_records(filing, [unfiled.pk])

    assert issued == []
    assert not Certificate.objects.filter(declaration=unfiled).exists()
    assert filing.failures.get(declaration=unfiled).stage == "issue"
    assert CertificateCounter.objects.get().last_sequence == 1
    unfiled.refresh_from_db()
    assert unfiled.status == S.IN_RESULT_PUBLICITY


def test_a_submitted_filing_cannot_issue_certificates(results):
    filing = results.submitted_filing(results.meeting(1))

    with pytest.raises(ValidationError, match="only for an approved filing"):
        services.issue_certificate_chunk(
            filing.pk, list(filing.entries.values_list("declaration_id", flat=True))
        )
    assert not Certificate.objects.exists()
