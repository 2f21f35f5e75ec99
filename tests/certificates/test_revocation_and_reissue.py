"""The bureau revokes a certificate with a reason (fraud also bars the person from
declaring) and reissues a lost one: same number, new issue date, signed and rendered anew."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from applicants.eligibility import evaluate_eligibility
from applicants.models import Declaration, DeclarationBan
from certificates import services
from certificates.models import Certificate, CertificateIssue
from certificates.signing import canonical_data, sign, signature_is_valid
from titles.models import EvaluationPlan


def test_revoking_needs_a_reason_and_the_issuing_bureau(issued, results):
    certificate = Certificate.objects.get(holder_name="张伟")

    with pytest.raises(ValidationError):
        services.revoke_certificate(certificate, actor=results.bureau, reason=" ")
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(certificate, actor=results.office, reason="材料造假")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert certificate.declaration.status == Declaration.Status.CERTIFIED


def test_a_revocation_for_fraud_bars_the_holder_from_declaring(issued, results):
    certificate = Certificate.objects.get(holder_name="张伟")

    services.revoke_certificate(certificate, actor=results.bureau, reason="论文抄袭", fraud=True)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED and certificate.revoked_for_fraud
    assert certificate.revocation_reason == "论文抄袭"
    assert certificate.declaration.status == Declaration.Status.REVOKED
    ban = DeclarationBan.objects.get(person=certificate.holder)
    assert ban.started_on == timezone.localdate()
    next_year = EvaluationPlan.objects.create(
        year=timezone.localdate().year + 1,
        name="下一年度评审",
        organizer=results.plan.organizer,
        series=results.plan.series,
        jury=results.jury,
        status=EvaluationPlan.Status.OPEN,
        declaration_opens=timezone.localdate(),
        declaration_closes=timezone.localdate() + timedelta(days=30),
        unit_recommendation_deadline=timezone.localdate() + timedelta(days=40),
        qualification_check_deadline=timezone.localdate() + timedelta(days=50),
        achievement_cutoff=timezone.localdate() + timedelta(days=30),
        unit_publicity_working_days=5,
        result_publicity_working_days=5,
    )
    declaration = Declaration.objects.create(
        applicant=certificate.holder,
        employer=results.employer,
        plan=next_year,
        title=results.title,
        specialty=results.specialty,
    )
    codes = {finding.code for finding in evaluate_eligibility(declaration) if finding.blocking}
    assert "declaration_banned" in codes
    with pytest.raises(ValidationError, match="already revoked"):
        services.revoke_certificate(certificate, actor=results.bureau, reason="再次")


def test_a_revocation_without_fraud_bars_nobody(issued, results):
    certificate = Certificate.objects.get(holder_name="李娜")

    services.revoke_certificate(certificate, actor=results.bureau, reason="本人申请撤销")

    assert not DeclarationBan.objects.exists()


def test_a_lost_certificate_is_reissued_with_the_same_number_and_a_new_date(
    issued, results, django_capture_on_commit_callbacks, monkeypatch
):
    certificate = Certificate.objects.get(holder_name="王芳")
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=timezone.localdate() - timedelta(days=400)
    )
    certificate.refresh_from_db()
    # The old record was signed with its old date: sign it so, as it was issued then.
    certificate.signature, certificate.signing_key_id = sign(canonical_data(certificate))
    certificate.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.reissue_certificate(certificate, actor=results.bureau, reason="证书遗失")

    reissued = Certificate.objects.get(pk=certificate.pk)
    assert reissued.number == certificate.number
    assert reissued.issued_on == timezone.localdate()
    assert signature_is_valid(reissued)
    assert reissued.pdf and reissued.pdf_size
    assert list(reissued.issues.values_list("kind", "reason")) == [
        (CertificateIssue.Kind.ISSUE, ""),
        (CertificateIssue.Kind.REISSUE, "证书遗失"),
    ]


def test_a_revoked_certificate_cannot_be_reissued(issued, results):
    certificate = Certificate.objects.get(holder_name="王芳")
    services.revoke_certificate(certificate, actor=results.bureau, reason="学历造假")

    with pytest.raises(ValidationError, match="revoked certificate cannot be reissued"):
        services.reissue_certificate(certificate, actor=results.bureau, reason="遗失")
