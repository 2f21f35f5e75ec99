"""Continuing education as a precondition for declaring: the yearly hours since the current
title, and the exams the title's conditions ask for (../shared/domain.md, "Continuing
education"). Registered with the declaration's eligibility evaluation from apps.ready()."""

from django.conf import settings

from applicants.eligibility import Finding, date_en, date_zh, eligibility_check
from applicants.models import Declaration
from continuing_ed.requirement import format_hours, requirement_status, rule_from_settings
from continuing_ed.selectors import exam_standings
from titles.models import ExamKind
from titles.selectors import condition_for

# Findings carry both languages whatever the catalogue holds, so the names are written out.
EXAMS = {
    ExamKind.COMPUTER_APPLICATION: ("计算机应用能力考试", "computer application exam"),
    ExamKind.FOREIGN_LANGUAGE: ("外语考试", "foreign language exam"),
    ExamKind.PROFESSIONAL_THEORY: ("专业理论考试", "professional theory exam"),
}
GAPS = {
    "professional": ("专业科目{hours}学时", "{hours} professional hours"),
    "general": ("公需科目{hours}学时", "{hours} general hours"),
    "any": ("任意科目{hours}学时", "{hours} hours of either kind"),
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


@eligibility_check
def check_continuing_education_hours(declaration):
    condition = condition_for(declaration.title, declaration.plan.year)
    hours_per_year = condition.continuing_education_hours if condition else None
    if hours_per_year == 0:
        return
    rule = rule_from_settings(hours_per_year)
    rule_text = (
        f"继续教育每年不少于{format_hours(rule.hours_per_year)}学时，其中专业科目不少于"
        f"{format_hours(rule.required_professional)}学时"
        + (
            f"、公需科目不少于{format_hours(rule.min_general_hours)}学时"
            if rule.min_general_hours
            else ""
        )
        + "，以认定学时为准"
    )
    for status in requirement_status(declaration.applicant, counted_years(declaration), rule=rule):
        if status.meets:
            continue
        gaps = status.shortfalls()
        zh_gaps = "、".join(GAPS[kind][0].format(hours=format_hours(h)) for kind, h in gaps)
        en_gaps = ", ".join(GAPS[kind][1].format(hours=format_hours(h)) for kind, h in gaps)
        pending = f"另有{format_hours(status.pending)}学时待认定。" if status.pending else ""
        pending_en = (
            f" {format_hours(status.pending)} more hours await certification."
            if status.pending
            else ""
        )
        yield Finding(
            "ce_hours_short",
            _blocking(declaration),
            f"{status.year}年继续教育学时未达标：已认定{format_hours(status.total)}学时"
            f"（专业科目{format_hours(status.professional)}、公需科目"
            f"{format_hours(status.general)}），要求{format_hours(rule.hours_per_year)}学时，"
            f"还差{zh_gaps}。{pending}",
            f"Continuing education in {status.year} falls short: "
            f"{format_hours(status.total)} certified hours ({format_hours(status.professional)} "
            f"professional, {format_hours(status.general)} general) of the "
            f"{format_hours(rule.hours_per_year)} required; missing {en_gaps}.{pending_en}",
            rule_text,
            evidence={
                **status.as_dict(),
                "gaps": [{"kind": kind, "hours": format_hours(h)} for kind, h in gaps],
            },
        )


@eligibility_check
def check_required_exams(declaration):
    condition = condition_for(declaration.title, declaration.plan.year)
    kinds = list(condition.required_exams) if condition else []
    if not kinds:
        return
    # A result must hold for the whole declaration window, so that the check gives the same
    # answer whenever in the window it runs.
    day = declaration.plan.declaration_closes
    standings = exam_standings(declaration.applicant, declaration.title.series, kinds, on=day)
    for kind in kinds:
        standing = standings[kind]
        name_zh, name_en = EXAMS.get(kind, (kind, kind))
        rule = f"{declaration.title.name_zh}评审条件 · 须通过{name_zh}且成绩在有效期内"
        if standing.valid_on(day):
            continue
        if standing.result is None:
            yield Finding(
                "exam_not_passed",
                _blocking(declaration),
                f"未查到{name_zh}的合格成绩，申报{declaration.title.name_zh}须通过该考试。",
                f"No pass in the {name_en} is on record; {declaration.title.name_en} requires it.",
                rule,
                evidence={"exam": kind},
            )
        else:
            yield Finding(
                "exam_expired",
                _blocking(declaration),
                f"{name_zh}成绩（{date_zh(standing.result.exam_date)}通过）有效期至"
                f"{date_zh(standing.valid_until)}，申报截止日{date_zh(day)}时已失效。",
                f"The {name_en} pass of {date_en(standing.result.exam_date)} is valid until "
                f"{date_en(standing.valid_until)}, before declarations close on {date_en(day)}.",
                rule,
                evidence={
                    "exam": kind,
                    "passed_on": standing.result.exam_date.isoformat(),
                    "valid_until": standing.valid_until.isoformat(),
                    "checked_on": day.isoformat(),
                },
            )
