"""A certificate is printed in layers, as a pre-printed form is filled in: the background
every certificate shares (frame, heading, labels), laid out once per process; what a group of
the batch shares (title, jury, approval, authority, seal), laid out once per batch; and each
holder's fields in fixed slots over them. No value, however long, leaves its slot."""

import datetime
import io

import pikepdf
import pytest

from certificates import rendering
from certificates.models import Certificate
from tests.pdf_reading import pdf_text

LABELS = ("证书编号", "姓名", "证件号码", "工作单位", "评审委员会", "批准文号", "发证机关")


def _forms(content: bytes) -> dict[bytes, bytes]:
    """The form XObjects drawn directly by the page: {content: font names}."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        xobjects = pdf.pages[0].Resources.get("/XObject", {})
        return {
            xobject.read_bytes(): b"".join(
                bytes(str(font.BaseFont), "ascii")
                for font in xobject.get("/Resources", {}).get("/Font", {}).values()
            )
            for xobject in xobjects.values()
            if xobject.Subtype == "/Form"
        }


def test_the_background_holds_the_labels_and_no_holders_data(issued, pdf_tools):
    background = pdf_text(rendering.background_pdf())

    assert "专业技术资格证书" in background
    assert all(label in background for label in LABELS)
    for certificate in Certificate.objects.all():
        assert certificate.holder_name not in background
        assert certificate.number not in background
        assert certificate.issuing_authority_name not in background


def test_every_certificate_prints_the_same_background_under_its_own_fields(issued, pdf_tools):
    certificates = list(Certificate.objects.order_by("sequence"))

    files = rendering.render_pdfs(certificates)

    backgrounds = [
        {form for form, fonts in _forms(content).items() if b"Supplement" in fonts}
        for content in files
    ]
    assert all(len(found) == 1 for found in backgrounds)
    assert backgrounds[0] == backgrounds[1] == backgrounds[2]
    for certificate, content in zip(certificates, files, strict=True):
        text = pdf_text(content)
        assert all(label in text for label in LABELS)
        assert certificate.holder_name in text and certificate.number in text


def _longest(certificate: Certificate) -> Certificate:
    """The certificate with every printed text at the most its column holds, in the widest
    characters that column can get."""
    for name in (
        "holder_name",
        "employer_name",
        "series_name",
        "specialty_name",
        "level_name",
        "qualification_name",
        "jury_name",
        "approval_document_number",
        "issuing_authority_name",
    ):
        setattr(certificate, name, "疆" * Certificate._meta.get_field(name).max_length)
    certificate.id_number = "8" * Certificate._meta.get_field("id_number").max_length
    certificate.gender = "疆" * Certificate._meta.get_field("gender").max_length
    certificate.approval_date = certificate.issued_on = datetime.date(2026, 12, 28)
    return certificate


def _value_boxes(box):
    classes = (box.element.get("class") or "").split() if box.element is not None else []
    if "value" in classes and box.element_tag == "p":
        yield classes, box
        return
    for child in getattr(box, "children", ()):
        yield from _value_boxes(child)


@pytest.mark.parametrize("longest", [False, True], ids=["usual values", "longest values"])
def test_no_value_leaves_its_slot(issued, longest):
    certificate = Certificate.objects.get(holder_name="张伟")
    if longest:
        certificate = _longest(certificate)

    document = rendering.lay_out_fields([certificate])

    assert len(document.pages) == 2  # the group's layer and the holder's page
    boxes = [box for page in document.pages for box in _value_boxes(page._page_box)]
    slots = [
        (classes, box) for classes, box in boxes if any(c.startswith("slot-") for c in classes)
    ]
    assert len(slots) == 13
    for classes, box in slots:
        lines = box.children
        bottom = lines[-1].position_y + lines[-1].height
        assert bottom <= box.content_box_y() + box.height + 0.01, classes
        assert all(line.width <= box.width + 0.01 for line in lines), classes


def test_each_group_of_a_batch_is_laid_out_once_under_its_own_certificates(issued, pdf_tools):
    certificates = list(Certificate.objects.order_by("sequence"))
    certificates[2].specialty_name = "岩土工程"

    document = rendering.lay_out_fields(certificates)
    files = rendering.render_pdfs(certificates)

    # Two groups and three holders: five pages laid out, not three whole certificates.
    assert len(document.pages) == 5
    layers = [
        {form for form, fonts in _forms(content).items() if b"Supplement" not in fonts}
        for content in files
    ]
    assert all(len(found) == 1 for found in layers)
    assert layers[0] == layers[1] != layers[2]
    for certificate, content in zip(certificates, files, strict=True):
        text = "".join(pdf_text(content).split())  # long names wrap in their slots
        assert certificate.specialty_name in text and certificate.holder_name in text
        assert certificate.jury_name in text and certificate.approval_document_number in text
    assert "岩土工程" not in pdf_text(files[0])
    with pikepdf.open(io.BytesIO(files[2])) as pdf:
        assert len(pdf.pages) == 1


def test_an_administrators_background_prints_under_their_fields(
    issued, settings, tmp_path, pdf_tools
):
    template_dir = tmp_path / "certificate-templates" / "certificates" / "pdf"
    template_dir.mkdir(parents=True)
    (template_dir / "certificate_background.html").write_text(
        '<html><body><section class="certificate">市人社局专用底版</section></body></html>',
        encoding="utf-8",
    )
    (template_dir / "certificate.html").write_text(
        "<html><body>{% for c in certificates %}"
        '<section class="certificate" id="certificate-{{ forloop.counter0 }}">'
        '<p class="value">{{ c.holder_name }}</p></section>{% endfor %}</body></html>',
        encoding="utf-8",
    )
    (template_dir / "certificate.css").write_text(
        "html { font-family: {{ certificate_font }}; } .certificate { height: 250mm; "
        "break-after: page; } .value { margin-top: 50mm; }",
        encoding="utf-8",
    )
    settings.CERTIFICATE_TEMPLATE_DIR = str(tmp_path / "certificate-templates")

    text = pdf_text(rendering.render_pdf(Certificate.objects.get(holder_name="王芳")))

    assert "市人社局专用底版" in text and "王芳" in text
    assert "专业技术资格证书" not in text


def test_an_administrators_background_alone_goes_under_the_built_in_fields(
    issued, settings, tmp_path, pdf_tools
):
    template_dir = tmp_path / "certificate-templates" / "certificates" / "pdf"
    template_dir.mkdir(parents=True)
    built_in = settings.BASE_DIR / "templates" / "certificates" / "pdf"
    background = (built_in / "certificate_background.html").read_text(encoding="utf-8")
    (template_dir / "certificate_background.html").write_text(
        background.replace("专业技术资格证书</div>", "职称证书（电子）</div>"), encoding="utf-8"
    )
    settings.CERTIFICATE_TEMPLATE_DIR = str(tmp_path / "certificate-templates")

    text = pdf_text(rendering.render_pdf(Certificate.objects.get(holder_name="王芳")))

    assert "职称证书（电子）" in text and "王芳" in text
    assert all(label in text for label in LABELS)
