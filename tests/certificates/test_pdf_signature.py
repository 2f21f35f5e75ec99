"""Each certificate PDF carries the issuing authority's PAdES signature over the whole file,
made with the configured key and certificate: poppler's pdfsig and the product's own check
call it valid; one byte changed makes both call it invalid. The certificate number is in the
signed document information, and a signed PDF stays within 150 KB."""

import asyncio
import io

import pytest
from cryptography.hazmat.primitives import hashes
from django.core.exceptions import ImproperlyConfigured

from certificates import pdf_signature, rendering
from certificates.models import Certificate, IssueFailure
from tests.certificates.pdf_signing_keys import generated_pair, pdfsig, use_pair

PAIR = generated_pair()


@pytest.fixture(autouse=True)
def _pdf_signing(settings):
    use_pair(settings, PAIR)
    settings.CERTIFICATE_PDF_RETIRED_CERTIFICATES = []


def pdf_of(certificate) -> bytes:
    with certificate.pdf.open("rb") as pdf:
        return pdf.read()


def test_pdfsig_reports_an_issued_certificate_signed_whole_and_valid(issued, tmp_path):
    content = pdf_of(Certificate.objects.get(holder_name="王芳"))

    report = pdfsig(content, tmp_path)

    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "Signer Certificate Common Name: 示范市人力资源和社会保障局" in report
    assert "ETSI.CAdES.detached" in report


def test_the_signature_names_the_authoritys_certificate_as_pades_asks(issued):
    """PAdES: the signed attributes hold the signing-certificate-v2 with the hash of the
    authority's certificate, and no signing time (the signature dictionary has it)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    content = pdf_of(Certificate.objects.get(holder_name="王芳"))
    [embedded] = PdfFileReader(io.BytesIO(content)).embedded_signatures
    attributes = {
        attribute["type"].native: attribute["values"][0]
        for attribute in embedded.signer_info["signed_attrs"]
    }
    assert set(attributes) == {"content_type", "message_digest", "signing_certificate_v2"}
    [named] = attributes["signing_certificate_v2"]["certs"]
    [authority] = pdf_signature.load_certificates(PAIR[1], "the test certificate")
    assert named["cert_hash"].native == authority.fingerprint(hashes.SHA256())
    assert named["issuer_serial"]["serial_number"].native == authority.serial_number


def test_the_product_reads_the_number_from_the_signed_pdf(issued):
    certificate = Certificate.objects.get(holder_name="王芳")

    check = pdf_signature.check_pdf(pdf_of(certificate))

    assert check.status == "valid"
    assert check.number == certificate.number
    assert not check.retired


def test_one_byte_changed_makes_the_signature_invalid(issued, tmp_path):
    content = bytearray(pdf_of(Certificate.objects.get(holder_name="王芳")))
    # A byte of the page content, inside the signed range.
    content[len(content) // 3] ^= 0x01

    assert "Signature is Valid" not in pdfsig(bytes(content), tmp_path)
    assert pdf_signature.check_pdf(bytes(content)).status == "invalid"


def test_a_pdf_signed_by_another_certificate_is_not_ours(issued, settings):
    content = pdf_of(Certificate.objects.get(holder_name="王芳"))
    use_pair(settings, generated_pair(name="Somebody else"))

    assert pdf_signature.check_pdf(content).status == "invalid"


def test_a_pdf_signed_by_a_retired_certificate_still_verifies(issued, settings):
    content = pdf_of(Certificate.objects.get(holder_name="王芳"))
    use_pair(settings, generated_pair(name="新证书"))
    settings.CERTIFICATE_PDF_RETIRED_CERTIFICATES = [PAIR[1]]

    check = pdf_signature.check_pdf(content)

    assert check.status == "valid" and check.retired


def test_every_signed_certificate_pdf_is_at_most_150_kb(issued):
    sizes = [len(pdf_of(c)) for c in Certificate.objects.all()]

    assert len(sizes) == 3
    assert all(size == c.pdf_size for size, c in zip(sizes, Certificate.objects.all(), strict=True))
    assert max(sizes) <= 150 * 1024


def test_an_rsa_certificate_signs_too(
    results, settings, tmp_path, django_capture_on_commit_callbacks
):
    use_pair(settings, generated_pair(key_type="rsa"))
    filing = results.submitted_filing(results.meeting(1, names=["赵敏"]))
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)

    content = pdf_of(Certificate.objects.get())

    assert "Signature Validation: Signature is Valid." in pdfsig(content, tmp_path)
    assert len(content) <= 150 * 1024


def test_a_key_not_of_the_certificate_is_refused_and_the_pdf_recorded_as_failed(
    results, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_PDF_SIGNING_KEY = generated_pair(name="other")[0]
    settings.CERTIFICATE_PDF_SIGNING_CERTIFICATE = PAIR[1]
    with pytest.raises(ImproperlyConfigured):
        pdf_signature.signing_identity()

    filing = results.submitted_filing(results.meeting(1, names=["赵敏"]))
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)

    assert not Certificate.objects.get().pdf
    [failure] = IssueFailure.objects.all()
    assert "CERTIFICATE_PDF_SIGNING_KEY" in failure.message


def test_signing_and_checking_work_where_an_event_loop_already_runs(issued):
    """As in an ASGI server, or under Playwright's sync API in the browser tests."""
    certificate = Certificate.objects.get(holder_name="王芳")
    (unsigned,) = rendering.render_pdfs([certificate])
    pdf_signature._configured_identity.cache_clear()  # measured again, inside the loop

    async def inside_a_running_loop():
        signed = pdf_signature.sign_pdf(unsigned, number=certificate.number)
        return pdf_signature.check_pdf(signed)

    check = asyncio.run(inside_a_running_loop())

    assert check.status == "valid"
    assert check.number == certificate.number
