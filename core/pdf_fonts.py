"""The documents' CJK font: the common Chinese characters of the product's CJK font, cut out
once, as certificates/fonts.py does for the certificate (same source font, same cache
directory, settings CERTIFICATE_CJK_FONT_FILE, CERTIFICATE_CJK_FONT_FAMILY and
CERTIFICATE_FONT_CACHE_DIR).

Why a cut font: WeasyPrint keeps the glyph numbering of the font it subsets, so a full CJK font
(65,535 glyphs) adds ~200 KB of empty glyph slots to every PDF and slows subsetting. The full
font stays the CSS fallback, so a rare character in a name still prints. The code lives here,
not in certificates/, because every app's documents use it (docs/architecture.md, "Dependency
direction")."""

import fcntl
import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FAMILY = "Zhicheng Document Serif"
POSTSCRIPT_NAME = "ZhichengDocumentSerif-Regular"


def common_characters() -> set[int]:
    """Printable ASCII, the Latin-1 letters, general punctuation and every character of
    GB 2312."""
    characters = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | set(range(0x2010, 0x2070))
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

    # Bounding boxes and hints stay as they are: recomputing them costs most of the time.
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
    with open(directory / ".document-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            _build(source, family, target)
    return target


def document_font_path() -> Path:
    return _font_path(
        f"{settings.CERTIFICATE_CJK_FONT_FILE}|{settings.CERTIFICATE_CJK_FONT_FAMILY}"
    )
