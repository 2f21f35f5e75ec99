"""Names with characters outside the common font (GB 2312): rare hanzi of CJK extensions A
and B, characters of GBK, the middle dot of names in other scripts. They print, from a font
cut to just the batch's rare characters, and each PDF stays within 150 KB."""

import pytest

from certificates import rendering
from certificates.models import Certificate
from tests.pdf_reading import pdf_text

NAMES = ["龚䶮", "吉𠮷", "王堃喆", "买买提·艾力", "欧阳𠮷䶮堃喆"]


@pytest.fixture
def rare_names(results, django_capture_on_commit_callbacks):
    meeting = results.meeting(len(NAMES), names=NAMES)
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(results.submitted_filing(meeting))
    return list(Certificate.objects.order_by("sequence"))


def test_rare_characters_print_and_every_pdf_stays_small(rare_names, settings, pdf_tools):
    settings.CERTIFICATE_SEAL_IMAGE_FILE = "fixtures/demo_seal.png"
    rendering._seal_png.cache_clear()

    files = rendering.render_pdfs(rare_names)

    for certificate, content in zip(rare_names, files, strict=True):
        assert certificate.holder_name in pdf_text(content)
        assert len(content) <= 150 * 1024, (certificate.holder_name, len(content))


def test_a_name_alone_in_its_batch_stays_small_too(rare_names, pdf_tools):
    for certificate in rare_names:
        content = rendering.render_pdf(certificate)
        assert certificate.holder_name in pdf_text(content)
        assert len(content) <= 150 * 1024, (certificate.holder_name, len(content))
