"""The public verification page takes a certificate PDF: it says whether the PDF's signature
is the issuing authority's and the file unchanged, and the certificate's current status from
the number inside (valid, revoked, unknown). A file that is no PDF, too large, or a PDF
without a signature is refused in the visitor's words, nothing looked up. Uploads count
against the look-up allowance and are logged like number look-ups."""

import io
from datetime import timedelta

import pikepdf
import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.formats import date_format

from certificates import services
from certificates.models import Certificate, VerificationLog
from tests.certificates.pdf_signing_keys import generated_pair, use_pair

PAIR = generated_pair()


@pytest.fixture(autouse=True)
def _pdf_signing(settings):
    use_pair(settings, PAIR)
    settings.CERTIFICATE_PDF_RETIRED_CERTIFICATES = []


def pdf_of(name="王芳") -> bytes:
    with Certificate.objects.get(holder_name=name).pdf.open("rb") as pdf:
        return pdf.read()


def upload(client, content: bytes, name="certificate.pdf"):
    return client.post(
        "/verify/pdf/", {"pdf": SimpleUploadedFile(name, content, "application/pdf")}
    )


def test_an_issued_pdf_is_signed_unchanged_and_its_certificate_valid(issued, client):
    certificate = Certificate.objects.get(holder_name="王芳")

    page = upload(client, pdf_of())

    assert page.status_code == 200
    html = page.content.decode()
    assert "PDF signature valid" in html
    assert "示范市人力资源和社会保障局" in html
    assert page.context["verification"].result == "valid"
    assert certificate.number in html and "高级工程师" in html
    assert certificate.id_number not in html
    log = VerificationLog.objects.get()
    assert (log.certificate, log.result, log.channel) == (certificate, "valid", "page")


def test_a_revoked_certificates_pdf_says_revoked(issued, results, client):
    certificate = Certificate.objects.get(holder_name="王芳")
    content = pdf_of()
    services.revoke_certificate(certificate, actor=results.bureau, reason="学历造假")

    page = upload(client, content)

    html = page.content.decode()
    assert "PDF signature valid" in html
    assert "Revoked" in html and "no longer valid" in html
    assert VerificationLog.objects.get().result == "revoked"


def test_the_copy_of_a_certificate_since_reissued_is_void(
    issued, results, client, django_capture_on_commit_callbacks
):
    certificate = Certificate.objects.get(holder_name="王芳")
    lost_copy = pdf_of()
    with (
        time_machine.travel(timezone.now() + timedelta(days=30)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reissue_certificate(certificate, actor=results.bureau, reason="证书遗失")
        reissued_on = timezone.localdate()

    lost = upload(client, lost_copy).content.decode()
    current = upload(client, pdf_of()).content.decode()

    assert "PDF signature valid" in lost and "Replaced copy" in lost
    assert f"reissued on {date_format(reissued_on)}" in lost
    assert "PDF signature valid" in current and "Replaced copy" not in current
    assert "Replaced copy" not in upload(client, pdf_of("张伟")).content.decode()


def test_a_changed_pdf_is_not_valid_and_its_status_not_given(issued, client):
    content = bytearray(pdf_of())
    content[len(content) // 3] ^= 0x01

    page = upload(client, bytes(content))

    assert page.status_code == 200
    html = page.content.decode()
    assert "PDF signature not valid" in html
    assert "高级工程师" not in html
    log = VerificationLog.objects.get()
    assert (log.certificate, log.result) == (None, "invalid")


def test_a_pdf_signed_by_someone_else_is_not_valid(issued, client, settings):
    content = pdf_of()
    use_pair(settings, generated_pair(name="Somebody else"))

    page = upload(client, content)

    assert "PDF signature not valid" in page.content.decode()


def test_an_unsigned_pdf_is_refused_clearly(db, client):
    unsigned = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(unsigned)

    page = upload(client, unsigned.getvalue())

    assert page.status_code == 400
    assert "This PDF carries no signature" in page.content.decode()
    assert not VerificationLog.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused(db, client):
    page = upload(client, b"GIF89a not a certificate", name="photo.pdf")

    assert page.status_code == 400
    assert "The file is not a PDF" in page.content.decode()


def test_a_damaged_pdf_is_refused(db, client):
    page = upload(client, b"%PDF-1.7\n" + b"\x00garbage" * 100)

    assert page.status_code == 400
    assert "it is damaged" in page.content.decode()


def test_a_file_over_the_size_limit_is_refused_unread(db, client, settings):
    settings.VERIFY_PDF_MAX_BYTES = 1024

    page = upload(client, b"%PDF-1.7\n" + b"0" * 2048)

    assert page.status_code == 400
    assert "The file is larger than 1.0" in page.content.decode()


def test_the_refusal_reads_in_chinese_for_a_chinese_visitor(db, client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = upload(client, b"not a pdf at all")

    assert page.status_code == 400
    assert "The file is not a PDF" not in page.content.decode()
    assert "PDF" in page.content.decode()


def test_uploads_count_against_the_look_up_allowance(issued, client, settings):
    settings.VERIFY_RATE_LIMIT = "2/m"
    content = pdf_of()
    cache.clear()

    answers = [upload(client, content).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert VerificationLog.objects.count() == 2


def test_the_verification_page_offers_the_upload_and_the_signing_certificate(db, client):
    page = client.get("/verify/")
    certificate = client.get("/verify/pdf-signer.pem")

    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert certificate.status_code == 200
    assert certificate.content.startswith(b"-----BEGIN CERTIFICATE-----")


def test_a_get_of_the_upload_address_leads_to_the_form(db, client):
    assert client.get("/verify/pdf/")["Location"] == "/verify/"
