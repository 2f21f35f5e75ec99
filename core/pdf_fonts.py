"""Fonts cut out of the product's CJK font for the PDFs WeasyPrint makes: the documents'
(`document_font_path`, used by core/documents.py) and the certificate's (certificates/fonts.py),
from the same source (settings CERTIFICATE_CJK_FONT_FILE and CERTIFICATE_CJK_FONT_FAMILY), kept
in settings.CERTIFICATE_FONT_CACHE_DIR.

Why cut fonts: WeasyPrint keeps the glyph numbering of the font it subsets, so a full CJK font
(65,535 glyphs) adds ~200 KB of empty glyph slots to every PDF and slows subsetting. A font of
the common characters (GB 2312, Latin) keeps each PDF small; a rare character in a name (堃,
䶮, 𠮷) comes from a supplement holding just the rare characters of one document or batch
(`supplement_font`), cut from the same source so that it prints in the same face. The full
font stays the CSS fallback. A font is built the first time it is needed (the common ones in a
few seconds, a supplement in under one) by one process while the others wait for its file.
The code lives in core because every app's documents use it (docs/architecture.md,
"Dependency direction")."""

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DOCUMENT_FAMILY = "Zhicheng Document Serif"
DOCUMENT_POSTSCRIPT_NAME = "ZhichengDocumentSerif-Regular"
SUPPLEMENT_FAMILY = "Zhicheng Certificate Supplement"
SUPPLEMENT_POSTSCRIPT_NAME = "ZhichengCertificateSupplement"


@dataclass(frozen=True)
class Face:
    family: str
    path: Path


def gb2312_characters() -> set[int]:
    """Every character of GB 2312: the 6,763 common hanzi, their punctuation and symbols."""
    characters = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return characters


def document_characters() -> set[int]:
    """Printable ASCII, the Latin-1 letters, general punctuation and GB 2312."""
    return (
        set(range(0x20, 0x7F))
        | set(range(0xA0, 0x100))
        | set(range(0x2010, 0x2070))
        | gb2312_characters()
    )


def _source() -> tuple[Path, str]:
    path = Path(settings.CERTIFICATE_CJK_FONT_FILE)
    if not path.exists():
        raise ImproperlyConfigured(
            f"The CJK font {path} is missing: install fonts-noto-cjk "
            "(scripts/install_system_packages.sh) or set CERTIFICATE_CJK_FONT_FILE."
        )
    return path, settings.CERTIFICATE_CJK_FONT_FAMILY


def _source_key() -> str:
    return f"{settings.CERTIFICATE_CJK_FONT_FILE}|{settings.CERTIFICATE_CJK_FONT_FAMILY}"


def _source_digest(source: Path, family: str) -> str:
    stat = source.stat()
    return f"{source}:{family}:{stat.st_size}:{stat.st_mtime_ns}"


def _face_index(path: Path, family: str) -> int:
    from fontTools.ttLib import TTCollection

    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == family:
            return index
    raise ImproperlyConfigured(f"{path} has no face named {family!r}.")


def _build(
    target: Path, *, unicodes, new_family: str, postscript_name: str, lazy: bool = False
) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source, family = _source()
    # Bounding boxes and hints are left as they are: recomputing them costs most of the time,
    # and WeasyPrint drops hints when it embeds the font anyway.
    font = TTFont(
        str(source),
        fontNumber=_face_index(source, family),
        recalcBBoxes=False,
        recalcTimestamp=False,
        lazy=lazy,
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
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = new_family
        elif record.nameID == 6:
            record.string = postscript_name
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".otf.part")
    os.close(handle)
    try:
        font.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _built(target: Path, build: Callable[[], None]) -> Path:
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Several workers may start at once: one builds, the others wait for its file.
    with open(target.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            build()
    return target


@lru_cache(maxsize=8)
def _cut(
    source_key: str,
    family: str,
    postscript_name: str,
    characters: Callable[[], set[int]],
    version: int,
) -> Path:
    key = f"{_source_digest(*_source())}:{version}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    target = Path(settings.CERTIFICATE_FONT_CACHE_DIR) / f"{postscript_name}-{digest}.otf"
    return _built(
        target,
        lambda: _build(
            target, unicodes=characters(), new_family=family, postscript_name=postscript_name
        ),
    )


def cut_font(
    family: str, postscript_name: str, characters: Callable[[], set[int]], *, version: int = 1
) -> Path:
    """The font of these characters of the source font, under this family name. Raise
    `version` when the characters change, so that a new file is cut."""
    return _cut(_source_key(), family, postscript_name, characters, version)


def document_font_path() -> Path:
    return cut_font(DOCUMENT_FAMILY, DOCUMENT_POSTSCRIPT_NAME, document_characters)


def uncommon_characters(text: str, common: frozenset[int]) -> frozenset[int]:
    """The printable characters of `text` outside `common`."""
    return frozenset(
        ord(character)
        for character in set(text)
        if ord(character) not in common and character.isprintable()
    )


@lru_cache(maxsize=64)
def _supplement(source_key: str, characters: tuple[int, ...]) -> Face:
    key = f"{_source_digest(*_source())}:" + ",".join(map(str, characters))
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    # A family of its own per set of characters: each set is a different font.
    face = Face(
        family=f"{SUPPLEMENT_FAMILY} {digest}",
        path=Path(settings.CERTIFICATE_FONT_CACHE_DIR)
        / "supplements"
        / f"{SUPPLEMENT_POSTSCRIPT_NAME}-{digest}.otf",
    )
    _built(
        face.path,
        lambda: _build(
            face.path,
            unicodes=characters,
            new_family=face.family,
            postscript_name=f"{SUPPLEMENT_POSTSCRIPT_NAME}-{digest}",
            lazy=True,
        ),
    )
    return face


def supplement_font(characters: frozenset[int]) -> Face | None:
    """A font holding these characters of the source font, or None when there are none."""
    if not characters:
        return None
    return _supplement(_source_key(), tuple(sorted(characters)))
