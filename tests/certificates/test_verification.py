"""Public verification: valid, revoked (with its date), unknown, or invalid when the record
no longer matches its signature; only the certificate's own fields, ID masked; rate
limited; every look-up logged and shown to the holder."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, VerificationLog


def certificate_of(name="王芳") -> Certificate:
    return Certificate.objects.get(holder_name=name)


def test_a_valid_certificate_shows_its_fields_with_the_id_number_masked(issued, client):
    certificate = certificate_of()

    page = client.get(f"/verify/{certificate.number}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Valid" in html or "有效" in html
    assert "王芳" in html and certificate.number in html and "高级工程师" in html
    assert certificate.id_number not in html
    assert certificate.id_number[:3] + "*" * 11 + certificate.id_number[-4:] in html
    assert certificate.holder.username not in html


def test_the_typed_number_form_leads_to_the_result(issued, client):
    certificate = certificate_of()
    typed = certificate.number.lower().replace("-", "－")

    response = client.get("/verify/", {"number": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.number}/"


def test_an_unknown_number_is_unknown_and_shows_nothing(db, client):
    page = client.get("/verify/SF-2027-GC-999999/")

    assert page.status_code == 200
    assert VerificationLog.objects.get().result == "unknown"
    assert "holder" not in page.context["verification"].fields


def test_a_certificate_with_one_field_altered_fails_verification(issued, client):
    certificate = certificate_of()
    Certificate.objects.filter(pk=certificate.pk).update(qualification_name="正高级工程师")

    api = client.get(f"/api/v1/verifications/{certificate.number}/").json()

    assert api["result"] == "invalid"
    assert api["certificate"] is None
    with pytest.raises(CommandError):
        call_command("verify_certificate_signature", certificate.number)


def test_the_signature_command_checks_every_certificate(issued, capsys):
    call_command("verify_certificate_signature", "--all")

    out = capsys.readouterr().out
    assert out.count(": OK") == 3 and "All signatures match" in out


def test_a_revoked_certificate_verifies_as_revoked_with_its_date(issued, client, results):
    certificate = certificate_of()
    services.revoke_certificate(certificate, actor=results.bureau, reason="学历造假", fraud=True)

    api = client.get(f"/api/v1/verifications/{certificate.number}/").json()
    page = client.get(f"/verify/{certificate.number}/").content.decode()

    assert api["result"] == "revoked"
    assert api["revoked_at"].startswith(timezone.localdate().isoformat())
    assert api["certificate"]["number"] == certificate.number
    today = timezone.localdate()
    assert f"{today.day} {today:%b} {today.year}" in page  # the date as English pages write it


def test_the_api_answers_without_sign_in_with_only_the_certificates_fields(issued, client):
    certificate = certificate_of()

    answer = client.get(f"/api/v1/verifications/{certificate.number}/")

    assert answer.status_code == 200
    body = answer.json()
    assert body["result"] == "valid"
    assert set(body["certificate"]) == {
        "number",
        "holder_name",
        "gender",
        "id_number_masked",
        "employer_name",
        "series_name",
        "specialty_name",
        "level_name",
        "qualification_name",
        "jury_name",
        "approval_document_number",
        "approval_date",
        "issuing_authority_name",
        "issued_on",
    }
    assert body["certificate"]["id_number_masked"].count("*") == 11


def test_look_ups_are_rate_limited_per_address(issued, client, settings):
    settings.VERIFY_RATE_LIMIT = "3/m"
    number = certificate_of().number
    from django.core.cache import cache

    cache.clear()
    answers = [client.get(f"/verify/{number}/").status_code for _n in range(3)]
    limited_page = client.get(f"/verify/{number}/")
    limited_api = client.get(f"/api/v1/verifications/{number}/")

    assert answers == [200, 200, 200]
    assert limited_page.status_code == 429 and limited_page["Retry-After"]
    assert limited_api.status_code == 429
    assert VerificationLog.objects.count() == 3


def test_the_holder_sees_who_looked_their_certificate_up(issued, client, results):
    certificate = certificate_of()
    client.get(f"/verify/{certificate.number}/", REMOTE_ADDR="203.0.113.7")
    client.force_login(results.bureau)
    client.get(f"/api/v1/verifications/{certificate.number}/")

    client.force_login(certificate.holder)
    page = client.get(f"/certificates/{certificate.pk}/").content.decode()
    api = client.get(f"/api/v1/certificates/{certificate.pk}/lookups/").json()

    assert "203.0.113.*" in page and "203.0.113.7" not in page
    assert "刘局长 · 示范市人力资源和社会保障局" in page
    assert [row["who"] for row in api["results"]] == ["刘局长", ""]


def test_only_the_holder_and_the_bureau_see_the_look_ups(issued, client):
    certificate = certificate_of()
    other = certificate_of("李娜").holder
    client.force_login(other)

    assert client.get(f"/certificates/{certificate.pk}/").status_code == 404
    assert client.get(f"/api/v1/certificates/{certificate.pk}/lookups/").status_code == 404


def test_the_public_key_is_published(db, client):
    page = client.get("/verify/public-key/")
    api = client.get("/api/v1/verifications/public-key/").json()

    assert page.status_code == 200
    assert api["algorithm"] == "Ed25519" and api["public_key_base64"] in page.content.decode()
    assert api["development"] is False
