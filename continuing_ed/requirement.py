"""The yearly continuing-education requirement (MHRSS Order No. 25, art. 8): a total of hours a
year, of which professional subjects make at least a share, with optional floors for
professional and general hours. Province figures come from settings; only certified hours
count."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Sum

from continuing_ed.models import HOURS_DECIMAL_PLACES, CreditHourRecord, SubjectKind

ZERO = Decimal("0")
STEP = Decimal(1).scaleb(-HOURS_DECIMAL_PLACES)


@dataclass(frozen=True)
class Rule:
    hours_per_year: Decimal
    professional_share: Fraction
    min_professional_hours: Decimal
    min_general_hours: Decimal

    @property
    def required_professional(self) -> Decimal:
        # The share is of the required yearly total, the reading the provinces use when they
        # publish fixed floors (Zhejiang's 60 of 90). Rounded up to the unit hours are kept in.
        share = self.professional_share * Fraction(self.hours_per_year)
        steps = math.ceil(share / Fraction(STEP))
        return max(self.min_professional_hours, steps * STEP)


def rule_from_settings(hours_per_year=None) -> Rule:
    """The rule in force; `hours_per_year` overrides the total (a title's condition sets it)."""
    total = (
        settings.CONTINUING_EDUCATION_HOURS_PER_YEAR if hours_per_year is None else hours_per_year
    )
    return Rule(
        hours_per_year=Decimal(str(total)),
        professional_share=Fraction(str(settings.CONTINUING_EDUCATION_PROFESSIONAL_SHARE)),
        min_professional_hours=Decimal(str(settings.CONTINUING_EDUCATION_MIN_PROFESSIONAL_HOURS)),
        min_general_hours=Decimal(str(settings.CONTINUING_EDUCATION_MIN_GENERAL_HOURS)),
    )


@dataclass(frozen=True)
class YearStatus:
    year: int
    rule: Rule
    professional: Decimal  # certified
    general: Decimal  # certified
    pending: Decimal  # claimed, not yet certified: shown, never counted

    @property
    def total(self) -> Decimal:
        return self.professional + self.general

    @property
    def missing_professional(self) -> Decimal:
        return max(ZERO, self.rule.required_professional - self.professional)

    @property
    def missing_general(self) -> Decimal:
        return max(ZERO, self.rule.min_general_hours - self.general)

    @property
    def missing_total(self) -> Decimal:
        return max(ZERO, self.rule.hours_per_year - self.total)

    @property
    def missing_any(self) -> Decimal:
        """Hours of either kind still needed once the kind-specific gaps are filled."""
        return max(ZERO, self.missing_total - self.missing_professional - self.missing_general)

    @property
    def meets(self) -> bool:
        return not (self.missing_professional or self.missing_general or self.missing_total)

    @property
    def percent(self) -> int:
        """Certified hours against the yearly total, for the bar (capped at 100)."""
        if not self.rule.hours_per_year:
            return 100
        return min(100, int(self.total * 100 / self.rule.hours_per_year))

    def shortfalls(self) -> list[tuple[str, Decimal]]:
        """(kind, hours) pairs, kind being "professional", "general" or "any"."""
        gaps = [
            ("professional", self.missing_professional),
            ("general", self.missing_general),
            ("any", self.missing_any),
        ]
        return [(kind, hours) for kind, hours in gaps if hours]

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "required_total": format_hours(self.rule.hours_per_year),
            "required_professional": format_hours(self.rule.required_professional),
            "required_general": format_hours(self.rule.min_general_hours),
            "certified_total": format_hours(self.total),
            "certified_professional": format_hours(self.professional),
            "certified_general": format_hours(self.general),
            "pending": format_hours(self.pending),
            "missing_total": format_hours(self.missing_total),
            "missing_professional": format_hours(self.missing_professional),
            "missing_general": format_hours(self.missing_general),
            "missing_any": format_hours(self.missing_any),
            "meets": self.meets,
        }


def format_hours(hours: Decimal) -> str:
    text = format(hours, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def requirement_status(
    person, years: Iterable[int], *, rule: Rule | None = None
) -> list[YearStatus]:
    """For each year asked, the person's certified hours against the rule, in one query."""
    years = sorted(set(years))
    rule = rule or rule_from_settings()
    if not years:
        return []
    sums = (
        CreditHourRecord.objects.filter(
            person=person,
            year__in=years,
            status__in=[CreditHourRecord.Status.CERTIFIED, CreditHourRecord.Status.CLAIMED],
        )
        .values("year", "subject_kind", "status")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    figures = {year: {"professional": ZERO, "general": ZERO, "pending": ZERO} for year in years}
    for row in sums:
        if row["status"] == CreditHourRecord.Status.CLAIMED:
            figures[row["year"]]["pending"] += row["hours"]
        elif row["subject_kind"] == SubjectKind.PROFESSIONAL:
            figures[row["year"]]["professional"] += row["hours"]
        else:
            figures[row["year"]]["general"] += row["hours"]
    return [YearStatus(year=year, rule=rule, **figures[year]) for year in years]
