"""The glossary's checked renderings, read from docs/glossary.md (the one place they are
written), and the checks a rendered page must pass: glossary rules, no untranslated catalogue
string on a Chinese page, no stored choice code in the text."""

import html
import re
from dataclasses import dataclass
from functools import cache

import polib
from django.conf import settings

GLOSSARY = settings.BASE_DIR / "docs" / "glossary.md"
CATALOGUE = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class PageRule:
    term: str
    pages: re.Pattern
    pattern: re.Pattern
    why: str


@dataclass(frozen=True)
class CatalogueRule:
    context: str | None
    msgid: str
    must_not: str
    must: str


def _cells(line: str) -> list[str]:
    # Cells are split on pipes a backslash does not escape; code spans lose their backticks.
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [cell.strip().strip("`").replace("\\|", "|") for cell in cells]


def _table_under(heading: str) -> list[list[str]]:
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    rows, seen_table = [], False
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            seen_table = True
            rows.append(_cells(line))
        elif seen_table:
            break
    return [row for row in rows[2:]]  # without the header and its rule


@cache
def page_rules() -> tuple[PageRule, ...]:
    return tuple(
        PageRule(term, re.compile(pages), re.compile(pattern, re.S), why)
        for term, pages, pattern, why in _table_under("### On pages")
    )


@cache
def catalogue_rules() -> tuple[CatalogueRule, ...]:
    rules = []
    for entry, must_not, must in _table_under("### In the catalogue"):
        context, _, msgid = entry.rpartition("|")
        rules.append(CatalogueRule(context or None, msgid, must_not, must))
    return tuple(rules)


@cache
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


# Text a page shows: tags, scripts and styles removed, <code> kept out (technical names are
# meant to be shown as they are).
_SKIPPED = re.compile(r"<(script|style|code|pre)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def text_nodes(page: str) -> list[str]:
    body = _SKIPPED.sub(" ", page)
    return [" ".join(html.unescape(part).split()) for part in _TAG.split(body) if part.strip()]


_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")


@cache
def english_strings() -> tuple[frozenset[str], tuple[str, ...]]:
    """Msgids whose English would betray a missing translation: whole texts a node may equal,
    and longer phrases (three words or more, placeholders cut out) a node may contain."""
    whole, phrases = set(), set()
    for entry in catalogue():
        if entry.obsolete or entry.msgid_plural:
            continue
        if entry.msgstr.strip() == entry.msgid.strip():  # API, PDF, SHA-256: the same in both
            continue
        if not re.search(r"[A-Za-z]{3,}", entry.msgid):
            continue
        whole.add(" ".join(entry.msgid.split()))
        for piece in _PLACEHOLDER.split(entry.msgid):
            piece = " ".join(piece.split()).strip(" .,:;()“”")
            if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 3:
                phrases.add(piece)
    return frozenset(whole), tuple(sorted(phrases))


def untranslated(page: str, *, allowed: set[str]) -> list[str]:
    whole, phrases = english_strings()
    nodes = [node for node in text_nodes(page) if node not in allowed]
    found = [node for node in nodes if node in whole]
    text = "\n".join(node for node in nodes if node not in whole)
    for phrase in phrases:
        if phrase in text:  # rare: only then look for the node that holds it
            found += [f"{phrase!r} in {node!r}" for node in nodes if phrase in node]
    return found


def glossary_violations(path: str, page: str) -> list[str]:
    return [
        f"{rule.term}: {rule.why} ({rule.pattern.pattern!r} matched {match.group(0)[-80:]!r})"
        for rule in page_rules()
        if rule.pages.search(path) and (match := rule.pattern.search(page))
    ]


# Not inside a file name, an address or a path: "annual_assessment.pdf" is a name someone gave.
_TOKEN = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-]|\.\w)")
_WORD = re.compile(r"(?<![\w@./-])[a-z]{3,}(?![\w@/-]|\.\w)")


def raw_codes(page: str, codes: frozenset[str], *, chinese: bool, allowed: set[str]) -> list[str]:
    """Stored choice codes shown as text: snake_case ones in either language, single-word
    ones on a Chinese page (where an English word in lower case is never meant)."""
    found = []
    for node in text_nodes(page):
        tokens = set(_TOKEN.findall(node))
        if chinese:
            tokens |= set(_WORD.findall(node))
        found.extend(
            f"{token!r} in {node[:80]!r}"
            for token in tokens
            if token in codes and token not in allowed
        )
    return found
