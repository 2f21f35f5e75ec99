"""The PDF libraries tell the logs their warnings and errors only: at INFO, fontTools logs
each table it prunes from a font it cuts and every glyph name it keeps, and WeasyPrint each
step of a rendering."""

import logging

import weasyprint

from core import documents, pdf_fonts

NAME = "职称评审 龘 Zhang San"


def test_cutting_a_font_and_rendering_a_pdf_with_it_log_nothing_below_warning(
    settings, tmp_path, caplog
):
    settings.CERTIFICATE_FONT_CACHE_DIR = str(tmp_path)  # nothing cut yet: it is cut now
    pdf_fonts._supplement.cache_clear()
    try:
        face = pdf_fonts.supplement_font(frozenset(ord(character) for character in NAME))
        font_config, stylesheets = documents.font_stylesheets(
            f'body {{ font-family: "{face.family}" }}', (face,)
        )
        pdf = (
            weasyprint.HTML(string=f"<p>{NAME}</p>")
            .render(stylesheets=stylesheets, font_config=font_config)
            .write_pdf()
        )
    finally:
        pdf_fonts._supplement.cache_clear()

    assert face.path.exists() and pdf.startswith(b"%PDF")
    from_the_libraries = [
        (record.name, record.levelname)
        for record in caplog.records
        if record.name.split(".")[0] in ("fontTools", "weasyprint")
    ]
    assert from_the_libraries == []
    assert logging.getLogger("fontTools.subset").isEnabledFor(logging.WARNING)
