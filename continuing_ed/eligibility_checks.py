"""Continuing education as a precondition for declaring: the yearly hours since the current
title, and the exams the title's conditions ask for (docs/domain.md, "Continuing
education"). Registered with the declaration's eligibility evaluation from apps.ready()."""

from django.conf import settings
from django.utils.translation import gettext_noop

from applicants.eligibility import Finding, InSentence, Listing, Names, Text, eligibility_check
from applicants.eligibility_reports import eligibility_input, hours_row
from applicants.models import Declaration
from applicants.requirements import condition_in_force
from continuing_ed.requirement import format_hours, requirement_status, rule_from_settings
from continuing_ed.selectors import exam_standings
from titles.models import ExamKind

GAPS = {
    "professional": gettext_noop("%(hours)s professional hours"),
    "general": gettext_noop("%(hours)s general hours"),
    "any": gettext_noop("%(hours)s hours of either kind"),
}


def counted_years(declaration) -> range:
    """The years whose hours must meet the requirement. The issue reads "every year from the
    current title to the plan year": from the year after the current title was obtained
    (the year it was obtained counted towards that title) up to and including the plan year
    itself, unless CONTINUING_EDUCATION_COUNT_PLAN_YEAR stops at the year before."""
    obtained = declaration.current_title_obtained_on
    if obtained is None:
        # A first title has no "since": the hours rule starts with the first title held.
        return range(0)
    last = (
        declaration.plan.year
        if settings.CONTINUING_EDUCATION_COUNT_PLAN_YEAR
        else (declaration.plan.year - 1)
    )
    return range(obtained.year + 1, last + 1)


def _blocking(declaration) -> bool:
    # On the case-by-case channel a standing panel judges outside the normal conditions.
    return declaration.channel != Declaration.Channel.CASE_BY_CASE


def _hours_rule(declaration):
    """The yearly hours rule of the declared title's conditions; None when it asks none."""
    condition = condition_in_force(declaration)
    hours_per_year = condition.continuing_education_hours if condition else None
    if hours_per_year == 0:
        return None
    return rule_from_settings(hours_per_year)


@eligibility_input
def continuing_education_hours(declaration) -> dict:
    """Each counted year's certified and required hours, kept with the findings report, so
    that the experts' summary table shows them as they stood."""
    rule = _hours_rule(declaration)
    if rule is None:
        return {}
    return {
        "continuing_education": [
            hours_row(status.year, format_hours(status.total), format_hours(rule.hours_per_year))
            for status in requirement_status(
                declaration.applicant, counted_years(declaration), rule=rule
            )
        ]
    }


@eligibility_check
def check_continuing_education_hours(declaration):
    rule = _hours_rule(declaration)
    if rule is None:
        return
    figures = {
        "total": format_hours(rule.hours_per_year),
        "professional": format_hours(rule.required_professional),
        "general": format_hours(rule.min_general_hours),
    }
    rule_text = Text(
        gettext_noop(
            "At least %(total)s hours of continuing education a year, of which at least "
            "%(professional)s professional and %(general)s general; certified hours count"
        )
        if rule.min_general_hours
        else gettext_noop(
            "At least %(total)s hours of continuing education a year, of which at least "
            "%(professional)s professional; certified hours count"
        ),
        figures,
    )
    for status in requirement_status(declaration.applicant, counted_years(declaration), rule=rule):
        if status.meets:
            continue
        gaps = status.shortfalls()
        missing = Listing(
            tuple(Text(GAPS[kind], {"hours": format_hours(hours)}) for kind, hours in gaps)
        )
        figures = {
            "year": status.year,
            "total": format_hours(status.total),
            "professional": format_hours(status.professional),
            "general": format_hours(status.general),
            "required": format_hours(rule.hours_per_year),
            "missing": missing,
            "pending": format_hours(status.pending),
        }
        message = (
            gettext_noop(
                "Continuing education in %(year)s falls short: %(total)s certified hours "
                "(%(professional)s professional, %(general)s general) of the %(required)s "
                "required; missing %(missing)s. %(pending)s more hours await certification."
            )
            if status.pending
            else gettext_noop(
                "Continuing education in %(year)s falls short: %(total)s certified hours "
                "(%(professional)s professional, %(general)s general) of the %(required)s "
                "required; missing %(missing)s."
            )
        )
        yield Finding(
            "ce_hours_short",
            _blocking(declaration),
            Text(message, figures),
            rule_text,
            evidence={
                **status.as_dict(),
                "gaps": [{"kind": kind, "hours": format_hours(h)} for kind, h in gaps],
            },
        )


@eligibility_check
def check_required_exams(declaration):
    condition = condition_in_force(declaration)
    kinds = list(condition.required_exams) if condition else []
    if not kinds:
        return
    # A result must hold for the whole declaration window, so that the check gives the same
    # answer whenever in the window it runs.
    day = declaration.plan.declaration_closes
    standings = exam_standings(declaration.applicant, declaration.title.series, kinds, on=day)
    for kind in kinds:
        standing = standings[kind]
        if standing.valid_on(day):
            continue
        exam = InSentence(ExamKind(kind).label) if kind in ExamKind.values else kind
        title = Names(declaration.title.name_zh, declaration.title.name_en)
        rule = Text(
            gettext_noop("Evaluation conditions of %(title)s · %(requirement)s"),
            {
                "title": title,
                "requirement": Text(
                    gettext_noop("a pass in the %(exam)s, still valid"), {"exam": exam}
                ),
            },
        )
        if standing.result is None:
            yield Finding(
                "exam_not_passed",
                _blocking(declaration),
                Text(
                    gettext_noop("No pass in the %(exam)s is on record; %(title)s requires it."),
                    {"exam": exam, "title": title},
                ),
                rule,
                evidence={"exam": kind},
            )
        else:
            yield Finding(
                "exam_expired",
                _blocking(declaration),
                Text(
                    gettext_noop(
                        "The %(exam)s pass of %(passed_on)s is valid until %(valid_until)s, "
                        "before declarations close on %(closes)s."
                    ),
                    {
                        "exam": exam,
                        "passed_on": standing.result.exam_date,
                        "valid_until": standing.valid_until,
                        "closes": day,
                    },
                ),
                rule,
                evidence={
                    "exam": kind,
                    "passed_on": standing.result.exam_date.isoformat(),
                    "valid_until": standing.valid_until.isoformat(),
                    "checked_on": day.isoformat(),
                },
            )
