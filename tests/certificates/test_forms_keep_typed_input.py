"""A filing or certificate form that comes back with problems: its page again (status 400) with
each error right under its field and what was typed still in the inputs; nothing changed."""

import re
from datetime import timedelta

from django.utils import timezone

from applicants.models import Declaration
from audit.models import AuditRecord
from certificates.models import Certificate, CertificateIssue, Filing
from tests.certificates.conftest import DOCUMENT_NUMBER


def field_block(html, field_id):
    """The markup of one form field (templates/includes/form_field.html): label, widget and the
    errors under it, up to the next field or the end of the form."""
    start = html.index(f'id="{field_id}_field"')
    end = re.compile(r'class="field[ "]|</form>').search(html, start + 1).start()
    return html[start:end]


def errors_in(block):
    return re.findall(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', block)


def state_of_filing(filing):
    filing.refresh_from_db()
    return (
        filing.status,
        filing.document_number,
        filing.document_date,
        filing.return_reason,
        sorted(
            Declaration.objects.filter(filing_entries__filing=filing).values_list("pk", "status")
        ),
        AuditRecord.objects.count(),
        Certificate.objects.count(),
    )


def state_of_certificate(certificate):
    certificate.refresh_from_db()
    return (
        certificate.status,
        certificate.revocation_reason,
        certificate.issued_on,
        CertificateIssue.objects.filter(certificate=certificate).count(),
        AuditRecord.objects.count(),
    )


def test_approving_with_a_number_but_no_date_keeps_the_number(results, client):
    filing = results.submitted_filing(results.meeting(2))
    before = state_of_filing(filing)
    client.force_login(results.bureau)

    response = client.post(
        f"/certificates/filings/{filing.pk}/approve/",
        {"document_number": DOCUMENT_NUMBER, "document_date": ""},
    )

    assert response.status_code == 400
    html = response.content.decode()
    date_field = field_block(html, "id_document_date")
    assert errors_in(date_field) == ["This field is required."]
    assert 'aria-invalid="true"' in date_field
    number_field = field_block(html, "id_document_number")
    assert f'value="{DOCUMENT_NUMBER}"' in number_field and not errors_in(number_field)
    assert "Please correct the following:" in html
    # The return form beside it is a new, empty one.
    assert not errors_in(field_block(html, "id_reason"))
    assert state_of_filing(filing) == before


def test_approving_with_a_date_the_service_refuses_keeps_what_was_typed(results, client):
    filing = results.submitted_filing(results.meeting(1))
    before = state_of_filing(filing)
    tomorrow = timezone.localdate() + timedelta(days=1)
    client.force_login(results.bureau)

    response = client.post(
        f"/certificates/filings/{filing.pk}/approve/",
        {"document_number": DOCUMENT_NUMBER, "document_date": tomorrow.isoformat()},
    )

    assert response.status_code == 400
    html = response.content.decode()
    date_field = field_block(html, "id_document_date")
    assert errors_in(date_field) == ["The approval date cannot be in the future."]
    assert f'value="{tomorrow.isoformat()}"' in date_field
    assert f'value="{DOCUMENT_NUMBER}"' in field_block(html, "id_document_number")
    assert state_of_filing(filing) == before


def test_returning_without_a_reason_shows_the_error_under_the_reason(results, client):
    filing = results.submitted_filing(results.meeting(1))
    before = state_of_filing(filing)
    client.force_login(results.bureau)

    response = client.post(f"/certificates/filings/{filing.pk}/return/", {"reason": ""})

    assert response.status_code == 400
    assert errors_in(field_block(response.content.decode(), "id_reason")) == [
        "This field is required."
    ]
    assert state_of_filing(filing) == before


def test_a_filing_decided_meanwhile_answers_with_the_reason_and_keeps_its_state(results, client):
    filing = results.submitted_filing(results.meeting(1))
    results.approve(filing)
    before = state_of_filing(filing)
    client.force_login(results.bureau)

    response = client.post(f"/certificates/filings/{filing.pk}/return/", {"reason": "材料不全"})

    assert response.status_code == 400
    assert "This filing has already been decided." in response.content.decode()
    assert state_of_filing(filing) == before
    assert filing.status == Filing.Status.APPROVED


def test_revoking_without_a_reason_keeps_the_fraud_box_ticked(issued, results, client):
    certificate = Certificate.objects.get(holder_name="王芳")
    before = state_of_certificate(certificate)
    client.force_login(results.bureau)

    response = client.post(f"/certificates/{certificate.pk}/revoke/", {"reason": "", "fraud": "on"})

    assert response.status_code == 400
    html = response.content.decode()
    assert errors_in(field_block(html, "revoke-reason")) == ["This field is required."]
    fraud = field_block(html, "revoke-fraud")
    assert re.search(r'<input type="checkbox" name="fraud"[^>]*checked', fraud)
    assert not errors_in(field_block(html, "reissue-reason"))
    assert state_of_certificate(certificate) == before


def test_reissuing_a_revoked_certificate_is_refused_with_the_typed_reason_kept(
    issued, results, client
):
    certificate = Certificate.objects.get(holder_name="王芳")
    client.force_login(results.bureau)
    # Revoked from one page, then "reissued" from another still open on the old state.
    client.post(f"/certificates/{certificate.pk}/revoke/", {"reason": "学历造假"})
    before = state_of_certificate(certificate)

    response = client.post(f"/certificates/{certificate.pk}/reissue/", {"reason": "证书遗失"})

    assert response.status_code == 400
    assert "A revoked certificate cannot be reissued." in response.content.decode()
    assert state_of_certificate(certificate) == before
    assert certificate.status == Certificate.Status.REVOKED


def test_a_reissue_with_spaces_for_a_reason_shows_the_error_under_its_own_reason(
    issued, results, client
):
    certificate = Certificate.objects.get(holder_name="李娜")
    before = state_of_certificate(certificate)
    client.force_login(results.bureau)

    # Spaces pass the browser's "required" but are no reason.
    response = client.post(f"/certificates/{certificate.pk}/reissue/", {"reason": "   "})

    assert response.status_code == 400
    html = response.content.decode()
    assert errors_in(field_block(html, "reissue-reason")) == ["This field is required."]
    assert not errors_in(field_block(html, "revoke-reason"))
    assert '<a href="#reissue-reason">Reason</a>' in html
    assert state_of_certificate(certificate) == before
