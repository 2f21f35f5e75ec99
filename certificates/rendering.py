"""Certificate PDFs (WeasyPrint, A4).

The layout is Django templates and a stylesheet an administrator may adjust, in
templates/certificates/pdf/: certificate_background.html (what every certificate shares:
frame, heading, labels), certificate.html (the values, in the slots the labels mark) and
certificate.css (used by both). To change them without touching the code, copy the three
into a directory, edit them there, and point settings.CERTIFICATE_TEMPLATE_DIR (environment
variable of the same name) at it: templates found there come first.

certificate.html gets `certificates`, a list of dicts with the fields of each certificate,
its `qr_code` and its `photo` (image addresses, the photo empty when there is none) and its
`group`; `groups`, a list of dicts with the values of GROUP_FIELDS the batch's certificates
share; and `seal`, the address of the issuing authority's electronic seal
(settings.CERTIFICATE_SEAL_IMAGE_FILE, a PNG read once per process; empty when none is
configured). Each certificate is one <section id="certificate-N">, each group one
<section id="group-N"> of one page, each starting a new page. Other images must be data:
URIs: nothing else is fetched. A certificate.html without a background beside it in the same
directory is a single layer, laid out whole.

Speed: rendering one PDF per call costs most of its time in font subsetting, so a batch is
rendered as one multi-page document and cut into one file per certificate with pikepdf
(`render_pdfs`). The layout of each value costs the most, so the page is laid out in three
layers placed under each other as form XObjects: the background once per process, each
group's values once per batch, and only each holder's own values once per certificate.
Fonts and stylesheets are parsed once per process. This module loads WeasyPrint: import it
only where PDFs are made."""

import io
from functools import lru_cache
from pathlib import Path

import pikepdf
import segno
import weasyprint
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, TemplateDoesNotExist
from django.urls import reverse
from django.utils import translation
from PIL import Image, UnidentifiedImageError
from weasyprint.urls import URLFetcher, URLFetcherResponse

from certificates import fonts
from certificates.models import Certificate
from core.documents import FALLBACK_FAMILIES, font_stylesheets, template_engine

TEMPLATE_NAME = "certificates/pdf/certificate.html"
BACKGROUND_TEMPLATE_NAME = "certificates/pdf/certificate_background.html"
STYLESHEET_NAME = "certificates/pdf/certificate.css"
# What a batch's certificates mostly share (one filing: the same jury, approval and
# authority; a few titles and specialties): laid out once per batch for each set of values
# met, as a layer between the background and each holder's own fields.
GROUP_FIELDS = (
    "series_name",
    "specialty_name",
    "level_name",
    "qualification_name",
    "jury_name",
    "approval_document_number",
    "approval_date",
    "issuing_authority_name",
    "issued_on",
)
# The seal prints about 38 mm wide: 450 pixels are 300 dpi.
SEAL_MAX_PIXELS = 450


def verification_url(number: str) -> str:
    path = reverse("verify:certificate", kwargs={"number": number})
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


# Every mask pattern gives a valid code that any reader reads; scoring all eight to pick the
# "best" one took 5 ms a certificate, more than the rest of the code.
QR_MASK = 2


def qr_code_png(url: str) -> bytes:
    # A PNG of a few hundred bytes; the stylesheet scales it up without smoothing.
    output = io.BytesIO()
    segno.make(url, error="m", mask=QR_MASK).save(output, kind="png", scale=4, border=0)
    return output.getvalue()


class BatchResources(URLFetcher):
    """Serves one batch's QR codes, photos and seal to WeasyPrint by name (zhicheng:qr/N,
    zhicheng:photo/N, zhicheng:seal/0), so the HTML stays small and quick to parse. Apart
    from these only data: URIs are fetched: a template can neither read files nor reach the
    network."""

    def __init__(self):
        super().__init__(allowed_protocols={"zhicheng", "data"})
        self.resources = {}

    def add(self, kind: str, index: int, content: bytes, mime_type: str) -> str:
        url = f"zhicheng:{kind}/{index}"
        self.resources[url] = (content, mime_type)
        return url

    def fetch(self, url, headers=None):
        if url in self.resources:
            content, mime_type = self.resources[url]
            return URLFetcherResponse(url, content, {"Content-Type": mime_type})
        return super().fetch(url, headers)


def engine():
    return template_engine(str(settings.CERTIFICATE_TEMPLATE_DIR or ""))


@lru_cache(maxsize=1)
def _user_agent_stylesheet():
    """WeasyPrint's HTML user-agent stylesheet without its rules for the pseudo-elements of
    every element (::marker, ::footnote-call, ::note-…): certificates have no footnotes, and
    computing those styles for each element of a batch costs a quarter of the layout."""
    text = (Path(weasyprint.__file__).parent / "css" / "html5_ua.css").read_text()
    return weasyprint.CSS(
        string="\n".join(line for line in text.splitlines() if not line.startswith("::"))
    )


class CertificateHTML(weasyprint.HTML):
    # A documented method of WeasyPrint's HTML, not public API: tests/certificates renders
    # the real template, so a WeasyPrint upgrade that changes it shows there.
    def _ua_stylesheets(self, forms=False):
        return [_user_agent_stylesheet()]


@lru_cache(maxsize=2)
def _seal_png(path: str) -> bytes:
    file = Path(path)
    if not file.is_absolute():
        file = Path(settings.BASE_DIR) / file
    try:
        content = file.read_bytes()
        with Image.open(io.BytesIO(content)) as image:
            if image.format != "PNG":
                raise ImproperlyConfigured(
                    f"CERTIFICATE_SEAL_IMAGE_FILE {file} must be a PNG "
                    "(with a transparent background)."
                )
            if max(image.size) <= SEAL_MAX_PIXELS:
                return content
            # A scan at full resolution would add hundreds of kilobytes to every PDF.
            image.thumbnail((SEAL_MAX_PIXELS, SEAL_MAX_PIXELS), Image.Resampling.LANCZOS)
            output = io.BytesIO()
            image.save(output, "PNG", optimize=True)
            return output.getvalue()
    except (OSError, UnidentifiedImageError) as error:
        raise ImproperlyConfigured(
            f"CERTIFICATE_SEAL_IMAGE_FILE {file} cannot be read as an image: {error}"
        ) from error


def seal_png() -> bytes | None:
    """The issuing authority's seal, or None when none is configured."""
    path = str(settings.CERTIFICATE_SEAL_IMAGE_FILE or "")
    return _seal_png(path) if path else None


def _photo(certificate) -> bytes:
    with certificate.photo.open("rb") as photo:
        return photo.read()


def certificate_context(certificate, resources: BatchResources, index: int) -> dict:
    url = verification_url(certificate.number)
    photo = _photo(certificate) if certificate.photo else None
    return {
        **{name: getattr(certificate, name) for name in Certificate.PRINTED_FIELDS},
        "verification_url": url,
        "qr_code": resources.add("qr", index, qr_code_png(url), "image/png"),
        "photo": resources.add("photo", index, photo, "image/jpeg") if photo else "",
    }


def groups_of(certificates) -> tuple[list[tuple], list[int]]:
    """The distinct values of GROUP_FIELDS among the certificates, in order of appearance,
    and the index in them of each certificate's."""
    keys = [
        tuple(getattr(certificate, name) for name in GROUP_FIELDS) for certificate in certificates
    ]
    index = {key: number for number, key in enumerate(dict.fromkeys(keys))}
    return list(index), [index[key] for key in keys]


def render_html(certificates, resources: BatchResources) -> str:
    template = engine().get_template(TEMPLATE_NAME)
    groups, group_of = groups_of(certificates)
    context = [
        {**certificate_context(certificate, resources, index), "group": group}
        for index, (certificate, group) in enumerate(zip(certificates, group_of, strict=True))
    ]
    seal = seal_png()
    with translation.override("zh-hans"):
        return template.render(
            Context(
                {
                    "certificates": context,
                    "groups": [dict(zip(GROUP_FIELDS, key, strict=True)) for key in groups],
                    "seal": resources.add("seal", 0, seal, "image/png") if seal else "",
                }
            )
        )


def _background_template(template):
    """The background to print under the fields template: the built-in fields take the
    administrator's background if there is one, else the built-in one; an administrator's
    certificate.html takes only the background beside it, and without one it is a single
    layer (None), so that the built-in labels never print under someone else's layout."""
    try:
        background = engine().get_template(BACKGROUND_TEMPLATE_NAME)
    except TemplateDoesNotExist:
        return None
    fields_directory = Path(template.origin.name).parent
    built_in = Path(settings.BASE_DIR) / "templates" / Path(TEMPLATE_NAME).parent
    if fields_directory not in (built_in, Path(background.origin.name).parent):
        return None
    return background


def _stylesheet_text(faces) -> str:
    families = ", ".join(f'"{face.family}"' for face in faces)
    return (
        engine()
        .get_template(STYLESHEET_NAME)
        .render(Context({"certificate_font": f"{families}, {FALLBACK_FAMILIES}"}, autoescape=False))
    )


@lru_cache(maxsize=4)
def _background_pdf(html: str, css_text: str, faces: tuple[fonts.Face, ...]) -> bytes:
    """The background page, laid out once per process for each template and stylesheet."""
    font_config, stylesheets = font_stylesheets(css_text, faces)
    document = CertificateHTML(string=html, url_fetcher=BatchResources()).render(
        stylesheets=stylesheets, font_config=font_config
    )
    if len(document.pages) != 1:
        raise ValueError("The certificate background must fit on one page.")
    return document.write_pdf()


def background_pdf() -> bytes | None:
    """The background printed under every certificate's fields, as a one-page PDF, or None
    for a single-layer template."""
    background = _background_template(engine().get_template(TEMPLATE_NAME))
    if background is None:
        return None
    with translation.override("zh-hans"):
        html = background.render(Context({}))
    # A font of the background's own characters keeps each file small: the common font
    # would add its whole glyph table a second time.
    characters = frozenset(ord(character) for character in html if character.isprintable())
    faces = (fonts.supplement_font(characters),)
    return _background_pdf(html, _stylesheet_text(faces), faces)


def lay_out_fields(certificates):
    """The batch's certificate.html laid out as one WeasyPrint document, a page or more
    per certificate."""
    resources = BatchResources()
    html = render_html(certificates, resources)
    faces = [fonts.Face(fonts.FAMILY, fonts.certificate_font_path())]
    # The batch's rare characters (堃, 䶮, 𠮷), cut from the same font: the full font as
    # fallback would put its whole glyph table into every PDF with one of them.
    supplement = fonts.supplement_font(fonts.uncommon_characters(html))
    if supplement:
        faces.append(supplement)
    font_config, stylesheets = font_stylesheets(_stylesheet_text(faces), tuple(faces))
    return CertificateHTML(string=html, url_fetcher=resources).render(
        stylesheets=stylesheets, font_config=font_config
    )


def _sections(document) -> dict[str, list[int]]:
    """The pages of each section, by its anchor (certificate-N, group-N): a section starts
    on the page holding its anchor and runs until the next one starts."""
    starts = {}
    for page_number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith(("certificate-", "group-")):
                starts.setdefault(anchor, page_number)
    ordered = sorted(starts.items(), key=lambda item: item[1])
    ends = [start for _anchor, start in ordered[1:]] + [len(document.pages)]
    return {
        anchor: list(range(start, max(end, start + 1)))
        for (anchor, start), end in zip(ordered, ends, strict=True)
    }


def _page_groups(document, certificates) -> tuple[list[list[int]], list[int | None]]:
    """The pages of each certificate, and the page of its group's layer (None when the
    template prints every field in the certificate's own section)."""
    sections = _sections(document)
    pages = [sections.get(f"certificate-{index}") for index in range(len(certificates))]
    if not all(pages):
        raise ValueError("The certificate template must give each certificate its own section.")
    layers = []
    for index in groups_of(certificates)[1]:
        group = sections.get(f"group-{index}")
        if group is not None and len(group) != 1:
            raise ValueError("A group's section of the certificate template must fit on one page.")
        layers.append(group[0] if group else None)
    return pages, layers


def render_pdfs(certificates) -> list[bytes]:
    """One PDF per certificate, in the order given, from one rendered document."""
    certificates = list(certificates)
    if not certificates:
        return []
    document = lay_out_fields(certificates)
    background = background_pdf()
    page_groups, layers = _page_groups(document, certificates)
    combined = pikepdf.open(io.BytesIO(document.write_pdf()))
    # All pages share one resource dictionary; each file keeps only what its page uses.
    combined.remove_unreferenced_resources()
    group_forms = {page: combined.pages[page].as_form_xobject() for page in set(layers) - {None}}
    underlay = pikepdf.open(io.BytesIO(background)) if background else None
    background_form = underlay.pages[0].as_form_xobject() if underlay is not None else None
    files = []
    for certificate, pages, layer in zip(certificates, page_groups, layers, strict=True):
        single = pikepdf.new()
        for page_number in pages:
            single.pages.append(combined.pages[page_number])
        if layer is not None:
            single.pages[0].add_underlay(single.copy_foreign(group_forms[layer]))
        if background_form is not None:
            form = single.copy_foreign(background_form)
            for page in single.pages:
                page.add_underlay(form)
        single.docinfo["/Title"] = f"{certificate.qualification_name} {certificate.number}"
        single.docinfo["/Author"] = certificate.issuing_authority_name
        output = io.BytesIO()
        # Plain objects, not object streams: the signer then reads only the few objects it
        # needs instead of unpacking them all (a quarter of its time, for 3% more bytes).
        single.save(
            output,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )
        files.append(output.getvalue())
    return files


def render_pdf(certificate) -> bytes:
    return render_pdfs([certificate])[0]
