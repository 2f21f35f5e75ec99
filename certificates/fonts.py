"""The certificate font: the common Chinese characters of a full CJK font, cut out once.

Why: WeasyPrint embeds a subset of each font but keeps the glyph numbering of the original,
and a full CJK font has 65,535 glyphs, so every PDF would carry ~200 KB of empty glyph slots.
A font holding only GB 2312 (the 6,763 common hanzi, punctuation, Latin) keeps each PDF small
and its subsetting fast. A rare character in a name (堃, 䶮, 𠮷) comes from a supplement: a
font cut from the same source holding just the rare characters of one batch, so it prints
in the same face and the PDF stays small (the full font as fallback would add ~110 KB). A
character the source font lacks altogether falls back to the system's fonts.

The fonts are cut by core/pdf_fonts.py, which the documents' font shares."""

from functools import lru_cache
from pathlib import Path

from core import pdf_fonts
from core.pdf_fonts import Face, supplement_font

__all__ = ["FAMILY", "Face", "certificate_font_path", "supplement_font", "uncommon_characters"]

FAMILY = "Zhicheng Certificate Serif"
POSTSCRIPT_NAME = "ZhichengCertificateSerif-Regular"
# Part of the cache key: raise it when the characters of the common font change.
COMMON_SET_VERSION = 2


def common_characters() -> set[int]:
    """Printable ASCII, every character of GB 2312, and the middle dot of names written in
    other scripts (买买提·艾力), which GB 2312 encodes as another code point."""
    return set(range(0x20, 0x7F)) | {0xB7} | pdf_fonts.gb2312_characters()


@lru_cache(maxsize=1)
def _common() -> frozenset[int]:
    return frozenset(common_characters())


def uncommon_characters(text: str) -> frozenset[int]:
    """The printable characters of `text` the common font does not hold."""
    return pdf_fonts.uncommon_characters(text, _common())


def certificate_font_path() -> Path:
    return pdf_fonts.cut_font(
        FAMILY, POSTSCRIPT_NAME, common_characters, version=COMMON_SET_VERSION
    )
