"""The certificate font: the common Chinese characters of a full CJK font, cut out once.

Why: WeasyPrint embeds a subset of each font but keeps the glyph numbering of the original,
and a full CJK font has 65,535 glyphs, so every PDF would carry ~200 KB of empty glyph slots.
A font holding only GB 2312 (the 6,763 common hanzi, punctuation, Latin) keeps each PDF small
and its subsetting fast. The full font stays the CSS fallback, so a rare character in a name
still prints from it.

The cut font is built from settings.CERTIFICATE_CJK_FONT_FILE the first time it is needed
(a few seconds) and kept in settings.CERTIFICATE_FONT_CACHE_DIR."""

import fcntl
import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FAMILY = "Zhicheng Certificate Serif"
POSTSCRIPT_NAME = "ZhichengCertificateSerif-Regular"


def common_characters() -> set[int]:
    """Printable ASCII and every character of GB 2312."""
    characters = set(range(0x20, 0x7F))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return characters


def _source() -> tuple[Path, str]:
    path = Path(settings.CERTIFICATE_CJK_FONT_FILE)
    if not path.exists():
        raise ImproperlyConfigured(
            f"The CJK font {path} is missing: install fonts-noto-cjk "
            "(scripts/install_system_packages.sh) or set CERTIFICATE_CJK_FONT_FILE."
        )
    return path, settings.CERTIFICATE_CJK_FONT_FAMILY


def _face_index(path: Path, family: str) -> int:
    from fontTools.ttLib import TTCollection

    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == family:
            return index
    raise ImproperlyConfigured(f"{path} has no face named {family!r}.")


def _build(source: Path, family: str, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # Bounding boxes and hints are left as they are: recomputing them costs most of the time,
    # and WeasyPrint drops hints when it embeds the font anyway.
    font = TTFont(
        str(source),
        fontNumber=_face_index(source, family),
        recalcBBoxes=False,
        recalcTimestamp=False,
    )
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "BASE", "VORG", "vhea", "vmtx"]
    options.notdef_outline = True
    options.hinting = True
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=common_characters())
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = POSTSCRIPT_NAME
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".otf.part")
    os.close(handle)
    try:
        font.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@lru_cache(maxsize=2)
def _font_path(source_key: str) -> Path:
    source, family = _source()
    stat = source.stat()
    digest = hashlib.sha256(f"{source}:{family}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    directory = Path(settings.CERTIFICATE_FONT_CACHE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{POSTSCRIPT_NAME}-{digest.hexdigest()[:12]}.otf"
    if target.exists():
        return target
    # Several workers may start at once: one builds, the others wait for its file.
    with open(directory / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            _build(source, family, target)
    return target


def certificate_font_path() -> Path:
    return _font_path(
        f"{settings.CERTIFICATE_CJK_FONT_FILE}|{settings.CERTIFICATE_CJK_FONT_FAMILY}"
    )
