"""The certificate font: the common Chinese characters of a full CJK font, cut out once.

Why: WeasyPrint embeds a subset of each font but keeps the glyph numbering of the original,
and a full CJK font has 65,535 glyphs, so every PDF would carry ~200 KB of empty glyph slots.
A font holding only GB 2312 (the 6,763 common hanzi, punctuation, Latin) keeps each PDF small
and its subsetting fast. A rare character in a name (堃, 䶮, 𠮷) comes from a supplement: a
font cut from the same source holding just the rare characters of one batch, so it prints
in the same face and the PDF stays small (the full font as fallback would add ~110 KB). A
character the source font lacks altogether falls back to the system's fonts.

The cut fonts are built from settings.CERTIFICATE_CJK_FONT_FILE the first time they are needed
(the common one in a few seconds, a supplement in under one) and kept in
settings.CERTIFICATE_FONT_CACHE_DIR."""

import fcntl
import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FAMILY = "Zhicheng Certificate Serif"
POSTSCRIPT_NAME = "ZhichengCertificateSerif-Regular"
SUPPLEMENT_FAMILY = "Zhicheng Certificate Supplement"
SUPPLEMENT_POSTSCRIPT_NAME = "ZhichengCertificateSupplement"
# Part of the cache key: raise it when the characters of the common font change.
COMMON_SET_VERSION = 2


@dataclass(frozen=True)
class Face:
    family: str
    path: Path


def common_characters() -> set[int]:
    """Printable ASCII, every character of GB 2312, and the middle dot of names written in
    other scripts (买买提·艾力), which GB 2312 encodes as another code point."""
    characters = set(range(0x20, 0x7F)) | {0xB7}
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


@lru_cache(maxsize=1)
def _common() -> frozenset[int]:
    return frozenset(common_characters())


def uncommon_characters(text: str) -> frozenset[int]:
    """The printable characters of `text` the common font does not hold."""
    common = _common()
    return frozenset(
        ord(character)
        for character in set(text)
        if ord(character) not in common and character.isprintable()
    )


def _build(
    source: Path,
    family: str,
    target: Path,
    *,
    unicodes,
    new_family: str,
    postscript_name: str,
    lazy: bool = False,
) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

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


def _source_digest(source: Path, family: str) -> str:
    stat = source.stat()
    return f"{source}:{family}:{stat.st_size}:{stat.st_mtime_ns}"


def _built(target: Path, build) -> Path:
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Several workers may start at once: one builds, the others wait for its file.
    with open(target.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            build()
    return target


@lru_cache(maxsize=2)
def _font_path(source_key: str) -> Path:
    source, family = _source()
    key = f"{_source_digest(source, family)}:{COMMON_SET_VERSION}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    target = Path(settings.CERTIFICATE_FONT_CACHE_DIR) / f"{POSTSCRIPT_NAME}-{digest}.otf"
    return _built(
        target,
        lambda: _build(
            source,
            family,
            target,
            unicodes=common_characters(),
            new_family=FAMILY,
            postscript_name=POSTSCRIPT_NAME,
        ),
    )


def _source_key() -> str:
    return f"{settings.CERTIFICATE_CJK_FONT_FILE}|{settings.CERTIFICATE_CJK_FONT_FAMILY}"


def certificate_font_path() -> Path:
    return _font_path(_source_key())


@lru_cache(maxsize=64)
def _supplement(source_key: str, characters: tuple[int, ...]) -> Face:
    source, family = _source()
    key = f"{_source_digest(source, family)}:" + ",".join(map(str, characters))
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
            source,
            family,
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
