"""The certificate PDF: A4, the holder's Chinese name in a CJK font (rare characters too),
the number, the photo when given, and a QR code a real reader decodes to the verification
page."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from certificates import rendering, services
from certificates.models import Certificate
from tests.certificates.conftest import PUBLIC_BASE_URL
from tests.pdf_reading import pdf_text, qr_codes


def pdf_of(certificate) -> bytes:
    with certificate.pdf.open("rb") as pdf:
        return pdf.read()


def photo_upload(color="navy") -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (600, 900), color).save(output, "JPEG")
    return SimpleUploadedFile("me.jpg", output.getvalue(), content_type="image/jpeg")


def test_the_pdf_shows_the_chinese_name_and_number_and_its_qr_code_opens_verification(
    issued, pdf_tools
):
    certificate = Certificate.objects.get(holder_name="王芳")
    content = pdf_of(certificate)

    text = pdf_text(content)
    assert "王芳" in text
    assert certificate.number in text
    assert "高级工程师" in text and "示人社发〔2027〕12号" in text
    assert qr_codes(content) == [f"{PUBLIC_BASE_URL}/verify/{certificate.number}/"]
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert len(pdf.pages) == 1
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert len(content) == certificate.pdf_size < 150 * 1024


def test_a_rare_character_in_a_name_still_prints(
    results, pdf_tools, django_capture_on_commit_callbacks
):
    # 堃 and 喆 are outside GB 2312: they come from the full CJK font.
    filing = results.submitted_filing(results.meeting(1, names=["王堃喆"]))
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)

    assert "王堃喆" in pdf_text(pdf_of(Certificate.objects.get()))


def test_the_holders_photo_is_printed(results, django_capture_on_commit_callbacks):
    [person] = results.people(1, names=["赵敏"])
    services.upload_holder_photo(actor=person, image=photo_upload())
    meeting = results.meeting(0)
    results.add_candidates(meeting, [person])
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(results.submitted_filing(meeting))

    certificate = Certificate.objects.get()
    with pikepdf.open(io.BytesIO(pdf_of(certificate))) as pdf:
        images = [pikepdf.PdfImage(image) for image in pdf.pages[0].get_images().values()]
    # The QR code and the photo, cut to the printed 3:4.
    assert sorted((image.width, image.height) for image in images)[-1] == (390, 520)
    assert len(images) == 2


def test_a_photo_must_be_an_image(results):
    [person] = results.people(1)
    with pytest.raises(ValidationError):
        services.upload_holder_photo(
            actor=person, image=SimpleUploadedFile("me.jpg", b"not an image", "image/jpeg")
        )


def test_a_batch_renders_as_one_document_cut_into_one_file_per_certificate(issued, pdf_tools):
    certificates = list(Certificate.objects.order_by("sequence"))

    files = rendering.render_pdfs(certificates)

    assert len(files) == 3
    for certificate, content in zip(certificates, files, strict=True):
        with pikepdf.open(io.BytesIO(content)) as pdf:
            assert len(pdf.pages) == 1
            assert str(pdf.docinfo["/Title"]).endswith(certificate.number)
        text = pdf_text(content)
        assert certificate.holder_name in text
        others = {c.holder_name for c in certificates} - {certificate.holder_name}
        assert not any(name in text for name in others)


def test_an_administrators_template_replaces_the_layout(issued, settings, tmp_path, pdf_tools):
    template_dir = tmp_path / "certificate-templates" / "certificates" / "pdf"
    template_dir.mkdir(parents=True)
    (template_dir / "certificate.html").write_text(
        "<html><body>{% for c in certificates %}"
        '<section id="certificate-{{ forloop.counter0 }}" style="break-after: page">'
        "电子职称证书 {{ c.holder_name }} {{ c.number }}</section>{% endfor %}</body></html>",
        encoding="utf-8",
    )
    (template_dir / "certificate.css").write_text(
        "html { font-family: {{ certificate_font }}; }", encoding="utf-8"
    )
    settings.CERTIFICATE_TEMPLATE_DIR = str(tmp_path / "certificate-templates")
    certificate = Certificate.objects.get(holder_name="张伟")

    text = pdf_text(rendering.render_pdf(certificate))

    assert "电子职称证书" in text and "张伟" in text and certificate.number in text
    assert "评审委员会" not in text
