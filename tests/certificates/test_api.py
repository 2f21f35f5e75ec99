"""Filing and certificates over the API, scoped like the pages, in the OpenAPI schema."""

from django.utils import timezone

from certificates.models import Certificate, Filing
from tests.certificates.conftest import DOCUMENT_NUMBER


def test_the_office_submits_and_the_bureau_approves_over_the_api(
    results, client, django_capture_on_commit_callbacks
):
    meeting = results.meeting(2)
    client.force_login(results.office)
    submitted = client.post(
        "/api/v1/filings/", {"meeting": meeting.pk}, content_type="application/json"
    )
    assert submitted.status_code == 201, submitted.content
    filing_id = submitted.json()["id"]
    assert submitted.json()["status"] == "submitted"
    assert (
        client.post(
            f"/api/v1/filings/{filing_id}/approve/",
            {"document_number": DOCUMENT_NUMBER, "document_date": timezone.localdate().isoformat()},
            content_type="application/json",
        ).status_code
        == 403
    )

    client.force_login(results.bureau)
    refused = client.post(
        f"/api/v1/filings/{filing_id}/approve/",
        {"document_number": ""},
        content_type="application/json",
    )
    assert refused.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(
            f"/api/v1/filings/{filing_id}/approve/",
            {"document_number": DOCUMENT_NUMBER, "document_date": timezone.localdate().isoformat()},
            content_type="application/json",
        )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    progress = client.get(f"/api/v1/filings/{filing_id}/progress/").json()
    assert (progress["done"], progress["total"], progress["failed"], progress["finished"]) == (
        2,
        2,
        0,
        True,
    )
    retry = client.post(f"/api/v1/filings/{filing_id}/retry/")
    assert retry.status_code == 202 and retry.json() == {"queued": 0}


def test_the_bureau_returns_a_filing_over_the_api(results, client):
    filing = results.submitted_filing(results.meeting(1))
    client.force_login(results.bureau)

    assert (
        client.post(
            f"/api/v1/filings/{filing.pk}/return/", {}, content_type="application/json"
        ).status_code
        == 400
    )
    returned = client.post(
        f"/api/v1/filings/{filing.pk}/return/",
        {"reason": "缺少公示报告"},
        content_type="application/json",
    )

    assert returned.status_code == 200
    assert Filing.objects.get().status == Filing.Status.RETURNED


def test_certificates_are_scoped_to_the_caller(issued, client, results):
    holder = Certificate.objects.get(holder_name="王芳").holder
    client.force_login(holder)
    mine = client.get("/api/v1/certificates/").json()
    assert [c["holder_name"] for c in mine["results"]] == ["王芳"]
    other = Certificate.objects.get(holder_name="张伟")
    assert client.get(f"/api/v1/certificates/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/certificates/{other.pk}/pdf/").status_code == 404
    own = Certificate.objects.get(holder_name="王芳")
    pdf = client.get(f"/api/v1/certificates/{own.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert (
        client.post(
            f"/api/v1/certificates/{own.pk}/revoke/",
            {"reason": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )

    client.force_login(results.bureau)
    found = client.get("/api/v1/certificates/", {"q": "张伟"}).json()
    assert [c["number"] for c in found["results"]] == [other.number]
    revoked = client.post(
        f"/api/v1/certificates/{other.pk}/revoke/",
        {"reason": "业绩造假", "fraud": True},
        content_type="application/json",
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"


def test_the_endpoints_are_in_the_openapi_schema(db, client, results):
    client.force_login(results.bureau)

    schema = client.get("/api/schema/", {"format": "json"}).json()

    paths = schema["paths"]
    for path in (
        "/api/v1/filings/",
        "/api/v1/filings/{id}/approve/",
        "/api/v1/filings/{id}/return/",
        "/api/v1/filings/{id}/progress/",
        "/api/v1/filings/{id}/retry/",
        "/api/v1/certificates/",
        "/api/v1/certificates/{id}/pdf/",
        "/api/v1/certificates/{id}/revoke/",
        "/api/v1/certificates/{id}/reissue/",
        "/api/v1/certificates/{id}/lookups/",
        "/api/v1/certificates/export/",
        "/api/v1/certificates/photo/",
        "/api/v1/verifications/{number}/",
        "/api/v1/verifications/public-key/",
    ):
        assert path in paths, path
    # Verification needs no sign-in.
    assert {} in paths["/api/v1/verifications/{number}/"]["get"]["security"]
