"""The issuing authority's electronic seal: the PNG named by CERTIFICATE_SEAL_IMAGE_FILE is
stamped on every certificate; without the setting no seal is printed."""

import io

import pikepdf
import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image, ImageDraw

from certificates import rendering
from certificates.models import Certificate


@pytest.fixture(autouse=True)
def _fresh_seal_cache():
    rendering._seal_png.cache_clear()
    yield
    rendering._seal_png.cache_clear()


def seal_file(path, size):
    seal = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((4, 4, size - 4, size - 4), outline=(200, 30, 30, 255), width=8)
    seal.save(path, "PNG")
    return path


def image_sizes(content: bytes) -> list[tuple[int, int]]:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return sorted(
            (image.width, image.height)
            for image in map(pikepdf.PdfImage, pdf.pages[0].get_images().values())
        )


def test_the_configured_seal_is_printed_on_every_certificate(issued, settings, tmp_path):
    settings.CERTIFICATE_SEAL_IMAGE_FILE = str(seal_file(tmp_path / "seal.png", 321))
    certificates = list(Certificate.objects.order_by("sequence"))

    files = rendering.render_pdfs(certificates)

    for content in files:
        # The QR code and the seal, whose transparency travels as a soft mask.
        assert (321, 321) in image_sizes(content)
        assert len(image_sizes(content)) == 2
        with pikepdf.open(io.BytesIO(content)) as pdf:
            [seal] = [image for image in pdf.pages[0].get_images().values() if image.Width == 321]
            assert "/SMask" in seal


def test_without_the_setting_no_seal_is_printed(issued, settings):
    settings.CERTIFICATE_SEAL_IMAGE_FILE = ""
    certificate = Certificate.objects.get(holder_name="王芳")

    assert len(image_sizes(rendering.render_pdf(certificate))) == 1  # the QR code only


def test_a_large_scan_is_printed_at_300_dpi(issued, settings, tmp_path):
    settings.CERTIFICATE_SEAL_IMAGE_FILE = str(seal_file(tmp_path / "scan.png", 1800))
    certificate = Certificate.objects.get(holder_name="王芳")

    content = rendering.render_pdf(certificate)

    assert (450, 450) in image_sizes(content)
    assert len(content) <= 150 * 1024


def test_the_demo_seal_ships_with_the_product(issued, settings):
    settings.CERTIFICATE_SEAL_IMAGE_FILE = "fixtures/demo_seal.png"
    certificate = Certificate.objects.get(holder_name="王芳")

    content = rendering.render_pdf(certificate)

    assert (400, 400) in image_sizes(content)
    assert len(content) <= 150 * 1024


def test_a_seal_that_is_not_a_png_is_refused_clearly(issued, settings, tmp_path):
    jpeg = tmp_path / "seal.jpg"
    Image.new("RGB", (300, 300), "red").save(jpeg, "JPEG")
    settings.CERTIFICATE_SEAL_IMAGE_FILE = str(jpeg)

    with pytest.raises(ImproperlyConfigured, match="must be a PNG"):
        rendering.render_pdf(Certificate.objects.get(holder_name="王芳"))
