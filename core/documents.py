"""Formal documents as A4 PDFs (WeasyPrint): the evaluation form, notices, minutes.

Every document is a Django template that extends `documents/pdf/base.html`; the shared
stylesheet is `documents/pdf/base.css` (a template too, given `document_font`), and a
document adds its own rules in a `{% block style %}`. An administrator adjusts the layout the
way the certificate's is adjusted: copy the templates into a directory, edit them there and
point settings.DOCUMENT_TEMPLATE_DIR at it; templates found there come first.

Usage: `render_document_pdf("juries/pdf/minutes.html", {...}, title="…")` gives the PDF's
bytes; `pdf_response(content, "name.pdf")` answers it. The text follows the active language
unless `language` is given. Templates may load `i18n`, `l10n` and `masking`; nothing but
data: URIs is fetched, so a template can neither read files nor reach the network.

Fonts and the stylesheet are parsed once per process. This module loads WeasyPrint: import
it only where PDFs are made."""

import atexit
import io
import logging
from functools import lru_cache
from pathlib import Path

import weasyprint
from django.conf import settings
from django.http import FileResponse
from django.template import Context, Engine
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from core import pdf_fonts

# WeasyPrint reports each rendering step at INFO; a batch would flood the workers' logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STYLESHEET_NAME = "documents/pdf/base.css"
FALLBACK_FAMILIES = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'


@lru_cache(maxsize=8)
def template_engine(override_dir: str) -> Engine:
    """Django templates for a PDF: those in `override_dir` (an administrator's adjusted
    layouts) before the product's own."""
    dirs = [override_dir] if override_dir else []
    dirs.append(str(Path(settings.BASE_DIR) / "templates"))
    return Engine(
        dirs=dirs,
        libraries={
            "i18n": "django.templatetags.i18n",
            "l10n": "django.templatetags.l10n",
            "masking": "core.templatetags.masking",
        },
        autoescape=True,
    )


def engine() -> Engine:
    return template_engine(str(settings.DOCUMENT_TEMPLATE_DIR or ""))


@lru_cache(maxsize=16)
def font_stylesheets(css_text: str, faces: tuple[pdf_fonts.Face, ...]):
    """The font configuration and the parsed stylesheet, `css_text` after an @font-face for
    each face: parsed once per process."""
    font_config = FontConfiguration()
    font_faces = "".join(
        f'@font-face {{ font-family: "{face.family}"; src: url({face.path.as_uri()}); }}\n'
        for face in faces
    )
    return font_config, [weasyprint.CSS(string=font_faces + css_text, font_config=font_config)]


# The font configuration cleans up after itself, which fails if left to interpreter exit.
atexit.register(font_stylesheets.cache_clear)


def _page_footer() -> str:
    # CSS string pieces around the page counters, e.g. "第 " counter(page) " 页，共 …".
    return mark_safe(  # noqa: S308 - our own catalogue's text, quotes removed
        _("Page %(page)s of %(pages)s").replace('"', "")
        % {"page": '" counter(page) "', "pages": '" counter(pages) "'}
    )


def render_document_html(template_name: str, context: dict, *, language: str | None = None):
    with translation.override(language or translation.get_language()):
        context = {"page_footer": _page_footer(), **context}
        return engine().get_template(template_name).render(Context(context))


def render_document_pdf(
    template_name: str,
    context: dict,
    *,
    language: str | None = None,
    title: str = "",
    author: str = "",
) -> bytes:
    """The PDF of `template_name` rendered with `context`, in `language` (default: the
    active one). `title` and `author` go into the PDF's properties."""
    css_text = (
        engine()
        .get_template(STYLESHEET_NAME)
        .render(
            Context(
                {"document_font": f'"{pdf_fonts.DOCUMENT_FAMILY}", {FALLBACK_FAMILIES}'},
                autoescape=False,
            )
        )
    )
    faces = (pdf_fonts.Face(pdf_fonts.DOCUMENT_FAMILY, pdf_fonts.document_font_path()),)
    font_config, stylesheets = font_stylesheets(css_text, faces)
    html = render_document_html(template_name, context, language=language)
    document = weasyprint.HTML(
        string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})
    ).render(stylesheets=stylesheets, font_config=font_config)
    document.metadata.title = title or document.metadata.title
    if author:
        document.metadata.authors = [author]
    return document.write_pdf()


def pdf_response(content: bytes, filename: str, *, download: bool = False) -> FileResponse:
    """The PDF shown in the browser (or offered for saving with `download`), under
    `filename` (Chinese names are sent encoded)."""
    return FileResponse(
        io.BytesIO(content),
        as_attachment=download,
        filename=filename,
        content_type="application/pdf",
    )
