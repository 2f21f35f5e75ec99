"""Eligibility: one function evaluates a declaration and returns findings. Checks live with
the rules they apply: each app registers its own with `@eligibility_check` in its
`eligibility_checks.py`, found at start-up by core/apps.py. Blocking findings prevent
submission; the others inform the applicant, the unit and the office.

Findings are computed when they are read, never stored. Their message and rule stay
untranslated (an English msgid marked with `gettext_noop` and its named values) until they are
shown, so the same finding reads in the language of whoever looks at it: the page's reader,
the API caller, or both languages at once in the API's `message_zh` / `message_en`."""

from collections.abc import Callable, Iterable, Mapping
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
    if isinstance(value, Text | Names | Listing | InSentence | Promise):
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


def eligibility_check(func: Callable) -> Callable:
    """Register `func(declaration) -> Iterable[Finding]`."""
    if func not in _CHECKS:
        _CHECKS.append(func)
    return func


def evaluate_eligibility(declaration) -> list[Finding]:
    """Every registered check's findings, blocking ones first."""
    # Checks share per-evaluation figures cached on the declaration; start from fresh data.
    declaration.__dict__.pop("_eligibility_cache", None)
    findings: list[Finding] = []
    for check in _CHECKS:
        result: Iterable[Finding] | None = check(declaration)
        findings.extend(result or ())
    return sorted(findings, key=lambda finding: not finding.blocking)


def blocking_findings(declaration) -> list[Finding]:
    return [finding for finding in evaluate_eligibility(declaration) if finding.blocking]
