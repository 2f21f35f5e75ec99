"""A certificate whose holder gave no photo prints no photo box: no empty frame labelled 照片,
the holder's fields across the whole width."""

import io

import pikepdf

from certificates import rendering
from certificates.models import Certificate
from tests.pdf_reading import pdf_text


def test_without_a_photo_there_is_no_photo_box(issued, pdf_tools):
    certificate = Certificate.objects.get(holder_name="王芳")
    assert not certificate.photo

    html = rendering.render_html([certificate], rendering.BatchResources())
    content = rendering.render_pdf(certificate)

    assert 'class="photo"' not in html
    assert "照片" not in html
    text = pdf_text(content)
    assert "王芳" in text and "照片" not in text
    with pikepdf.open(io.BytesIO(content)) as pdf:
        images = [pikepdf.PdfImage(image) for image in pdf.pages[0].get_images().values()]
    assert len(images) == 1  # the QR code only
