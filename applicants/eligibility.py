"""Eligibility: one function evaluates a declaration and returns findings. Checks live with
the rules they apply: each app registers its own with `@eligibility_check` in its
`eligibility_checks.py`, found at start-up by core/apps.py. Blocking findings prevent
submission; the others inform the applicant, the unit and the office.

Findings are computed when they are read. Their message and rule stay untranslated (an
English msgid marked with `gettext_noop` and its named values) until they are shown, so the
same finding reads in the language of whoever looks at it: the page's reader, the API caller,
or both languages at once in the API's `message_zh` / `message_en`. That is also how a finding
is kept (`Finding.stored`, `Finding.from_stored`): each submission and resubmission stores
the findings as they stood (applicants/eligibility_reports.py), still read in the reader's
language."""

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, override, pgettext

_CHECKS: list[Callable] = []


@dataclass(frozen=True)
class Names:
    """A name kept in both languages (a title's, a specialty's): shown in the reader's."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh if (get_language() or "zh-hans").startswith("zh") else self.en


@dataclass(frozen=True)
class Listing:
    """Items shown as one list, joined the way the reader's language joins them."""

    items: tuple

    def __str__(self) -> str:
        separator = pgettext("list separator", ", ")
        return separator.join(str(shown(item)) for item in self.items)


@dataclass(frozen=True)
class InSentence:
    """A label inside a sentence: English writes it in lower case ("a junior college"
    education), Chinese as it is."""

    label: object

    def __str__(self) -> str:
        return str(shown(self.label)).lower()


@dataclass(frozen=True)
class Label:
    """A label kept by its msgid (a choice's label, say), translated when read."""

    msgid: str

    def __str__(self) -> str:
        return gettext(self.msgid)


@dataclass(frozen=True)
class Text:
    """A message translated when it is read: `msgid` (marked with gettext_noop so that
    makemessages finds it) with `%(name)s` placeholders, and the values to put in them."""

    msgid: str
    params: Mapping = field(default_factory=dict)

    def __str__(self) -> str:
        translated = gettext(self.msgid)
        if not self.params:
            return translated
        return translated % {name: shown(value) for name, value in self.params.items()}


def shown(value):
    """A value as the reader's language writes it: dates as its pages print them, names and
    labels in its language, nested texts translated; numbers and plain strings as they are."""
    if isinstance(value, date):
        return date_format(value)
    if isinstance(value, Text | Names | Listing | InSentence | Label | Promise):
        return str(value)
    return value


@dataclass(frozen=True)
class Finding:
    code: str  # e.g. "education_below_minimum", "ce_hours_short"
    blocking: bool
    text: Text  # the message
    rule_text: Text  # the rule it applies
    evidence: dict = field(default_factory=dict)  # JSON-serializable figures

    @property
    def message(self) -> str:
        return str(self.text)

    @property
    def rule(self) -> str:
        return str(self.rule_text)

    @property
    def message_zh(self) -> str:
        with override("zh-hans"):
            return self.message

    @property
    def message_en(self) -> str:
        with override("en"):
            return self.message

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "blocking": self.blocking,
            "message": self.message,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "rule": self.rule,
            "evidence": self.evidence,
        }

    def stored(self) -> dict:
        """The finding as JSON, its message and rule still untranslated."""
        return {
            "code": self.code,
            "blocking": self.blocking,
            "text": _stored(self.text),
            "rule": _stored(self.rule_text),
            "evidence": self.evidence,
        }

    @classmethod
    def from_stored(cls, data: Mapping) -> "Finding":
        return cls(
            data["code"],
            data["blocking"],
            _restored(data["text"]),
            _restored(data["rule"]),
            dict(data.get("evidence") or {}),
        )


# How a message's values are kept as JSON: tagged objects for what is translated or
# formatted when read, plain JSON values for the rest (numbers, the applicant's own words).
def _stored(value):
    if isinstance(value, Text):
        return {
            "$text": value.msgid,
            "params": {name: _stored(item) for name, item in value.params.items()},
        }
    if isinstance(value, Names):
        return {"$names": [value.zh, value.en]}
    if isinstance(value, Listing):
        return {"$list": [_stored(item) for item in value.items]}
    if isinstance(value, InSentence):
        return {"$in_sentence": _stored(value.label)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Promise):
        # A lazily translated label: its msgid, the English source, translated when read.
        with override(None):
            return {"$label": str(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _restored(value):
    if not isinstance(value, Mapping):
        return value
    if "$text" in value:
        params = value.get("params") or {}
        return Text(value["$text"], {name: _restored(item) for name, item in params.items()})
    if "$names" in value:
        zh, en = value["$names"]
        return Names(zh, en)
    if "$list" in value:
        return Listing(tuple(_restored(item) for item in value["$list"]))
    if "$in_sentence" in value:
        return InSentence(_restored(value["$in_sentence"]))
    if "$date" in value:
        return date.fromisoformat(value["$date"])
    if "$label" in value:
        return Label(value["$label"])
    return value


def eligibility_check(func: Callable) -> Callable:
    """Register `func(declaration) -> Iterable[Finding]`."""
    if func not in _CHECKS:
        _CHECKS.append(func)
    return func


def evaluate_eligibility(declaration) -> list[Finding]:
    """Every registered check's findings, blocking ones first (those of
    `findings_held(declaration)` while it holds them)."""
    held = declaration.__dict__.get("_findings_held")
    if held is not None:
        return list(held)
    # Checks share per-evaluation figures cached on the declaration; start from fresh data.
    declaration.__dict__.pop("_eligibility_cache", None)
    findings: list[Finding] = []
    for check in _CHECKS:
        result: Iterable[Finding] | None = check(declaration)
        findings.extend(result or ())
    return sorted(findings, key=lambda finding: not finding.blocking)


@contextmanager
def findings_held(declaration) -> Iterator[list[Finding]]:
    """The declaration's findings, evaluated once for a page that reads but changes nothing:
    its moves (whether one may submit) and its findings panel then ask the same checks once."""
    findings = evaluate_eligibility(declaration)
    declaration.__dict__["_findings_held"] = findings
    try:
        yield findings
    finally:
        declaration.__dict__.pop("_findings_held", None)


def blocking_findings(declaration) -> list[Finding]:
    return [finding for finding in evaluate_eligibility(declaration) if finding.blocking]
