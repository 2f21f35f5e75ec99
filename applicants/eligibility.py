"""Eligibility: one function evaluates a declaration and returns findings. Checks live with
the rules they apply: each app registers its own with `@eligibility_check` in its
`eligibility_checks.py`, imported from its AppConfig.ready(). Blocking findings prevent
submission; the others inform the applicant, the unit and the office."""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.utils.formats import date_format
from django.utils.translation import get_language, override

_CHECKS: list[Callable] = []


@dataclass(frozen=True)
class Finding:
    code: str  # e.g. "education_below_minimum", "ce_hours_short"
    blocking: bool
    message_zh: str
    message_en: str
    rule: str  # the rule it applies, human-readable
    evidence: dict = field(default_factory=dict)  # JSON-serializable figures

    @property
    def message(self) -> str:
        language = get_language() or "zh-hans"
        return self.message_zh if language.startswith("zh") else self.message_en

    def as_dict(self) -> dict:
        return {**asdict(self), "message": self.message}


def date_zh(value) -> str:
    """A date in a finding's Chinese message, as Chinese pages write it (2026年11月30日)."""
    with override("zh-hans"):
        return date_format(value)


def date_en(value) -> str:
    """A date in a finding's English message, as English pages write it (30 Nov 2026)."""
    with override("en"):
        return date_format(value)


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
