"""The conditions as they apply to one declaration: its title's evaluation conditions for the
plan's year, after its special channel's adjustments (docs/domain.md, "Eligibility"). The
eligibility checks read them, and so does the jury (whether a candidate defends)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from applicants.eligibility_periods import village_service
from applicants.models import AnnualAssessment, Declaration
from titles.models import EvaluationCondition
from titles.selectors import condition_for

Channel = Declaration.Channel


def full_years(start: date, end: date) -> int:
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)


def consecutive_excellent_years(declaration: Declaration) -> int:
    """Excellent grades in a row, counting back from the latest assessment on the form."""
    count = 0
    expected_year = None
    for assessment in sorted(declaration.assessments.all(), key=lambda a: -a.year):
        if expected_year is not None and assessment.year != expected_year:
            break
        if assessment.grade != AnnualAssessment.Grade.EXCELLENT:
            break
        count += 1
        expected_year = assessment.year - 1
    return count


@dataclass(frozen=True)
class Requirements:
    """The conditions as they apply to this declaration, after its channel's adjustments."""

    condition: EvaluationCondition | None
    strict: bool  # False on the case-by-case channel: the standing panel judges
    education_limited: bool
    current_title_limited: bool
    effective_education: int
    years_since_current_title: int
    professional_years: int
    effective_professional_years: int
    first_secretary_applies: bool
    excellent_years: int
    village_years: int  # whole years in the village, counted as professional years


def condition_in_force(declaration: Declaration) -> EvaluationCondition | None:
    """The declared title's conditions for the plan's year, read once per title and year for
    the declaration in hand: the page asks before the evaluation, whose own figures are made
    afresh each time."""
    conditions = declaration.__dict__.setdefault("_conditions_in_force", {})
    key = (declaration.title_id, declaration.plan.year)
    if key not in conditions:
        conditions[key] = condition_for(declaration.title, declaration.plan.year)
    return conditions[key]


def requirements(declaration: Declaration) -> Requirements:
    cache = declaration.__dict__.setdefault("_eligibility_cache", {})
    if "requirements" not in cache:
        cache["requirements"] = _requirements(declaration)
    return cache["requirements"]


def _requirements(declaration: Declaration) -> Requirements:
    condition = condition_in_force(declaration)
    channel = declaration.channel
    excellent = consecutive_excellent_years(declaration)
    minimum = settings.FIRST_SECRETARY_MIN_VILLAGE_YEARS
    village = village_service(declaration) if channel == Channel.FIRST_SECRETARY else None
    first_secretary = (
        village is not None and village.lasts_more_than(minimum) and excellent >= minimum
    )
    village_years = village.whole_years if first_secretary else 0
    education = declaration.education
    if channel == Channel.HIGHLY_SKILLED and declaration.skill_class:
        equivalent = Declaration.SKILL_CLASS_EDUCATION[declaration.skill_class]
        education = max(education, equivalent)
    years_in_title = condition.years_since_current_title if condition else 0
    if first_secretary:
        years_in_title = max(years_in_title - settings.FIRST_SECRETARY_YEARS_EARLY, 0)
    professional = declaration.professional_years
    professional += village_years
    farmer = channel == Channel.FARMER_HERDSMAN
    return Requirements(
        condition=condition,
        strict=channel != Channel.CASE_BY_CASE,
        education_limited=not farmer,
        current_title_limited=not farmer,
        effective_education=education,
        years_since_current_title=years_in_title,
        professional_years=condition.professional_years if condition else 0,
        effective_professional_years=professional,
        first_secretary_applies=first_secretary,
        excellent_years=excellent,
        village_years=village_years,
    )


def youth_aid_defense_waived(declaration: Declaration) -> bool:
    """Youth aid talents at or below county level, excellent for the last N years in a row,
    declare without interview or defense."""
    return (
        declaration.channel == Channel.YOUTH_AID
        and declaration.serves_at_county_or_below
        and requirements(declaration).excellent_years >= settings.YOUTH_AID_EXCELLENT_YEARS
    )
