"""The declaration's own eligibility checks: the title's evaluation conditions, the people
who may not declare, dates of achievements, required materials, the social insurance of staff
whose personnel file is held elsewhere, and the special channels' adjustments (docs/domain.md,
"Eligibility"). The rules counted over dated periods are applicants/eligibility_periods.py."""

from django.conf import settings
from django.utils.translation import gettext_noop

from applicants.eligibility import (
    Finding,
    InSentence,
    Listing,
    Names,
    Text,
    eligibility_check,
)
from applicants.eligibility_dates import whole_months
from applicants.eligibility_periods import (
    achievement_findings,
    first_secretary_findings,
    social_insurance_findings,
)
from applicants.models import Declaration, DeclarationBan
from applicants.requirements import full_years, requirements, youth_aid_defense_waived
from titles.models import Education, Level, MaterialType

Channel = Declaration.Channel
SKILL_CLASS_RULE = Text(
    gettext_noop(
        "Graduates of technical colleges' intermediate worker, advanced worker and "
        "(preparatory) technician classes count as having secondary school, junior college and "
        "bachelor's education"
    )
)


def finding(code, blocking, message: Text, rule: Text, **evidence) -> Finding:
    return Finding(code, blocking, message, rule, evidence)


def title_names(title) -> Names:
    return Names(title.name_zh, title.name_en)


def _condition_rule(declaration, requirement: Text) -> Text:
    return Text(
        gettext_noop("Evaluation conditions of %(title)s · %(requirement)s"),
        {"title": title_names(declaration.title), "requirement": requirement},
    )


@eligibility_check
def check_title_and_conditions(declaration):
    title = declaration.title
    if title.by_examination:
        yield finding(
            "title_by_examination",
            True,
            Text(
                gettext_noop(
                    "%(title)s is obtained by national or provincial unified examination and "
                    "is not evaluated."
                ),
                {"title": title_names(title)},
            ),
            Text(gettext_noop("Titles obtained by examination are not evaluated")),
        )
    if declaration.specialty.series_id != title.series_id:
        yield finding(
            "specialty_not_in_series",
            True,
            Text(
                gettext_noop("The specialty “%(specialty)s” is not in the %(series)s series."),
                {
                    "specialty": Names(
                        declaration.specialty.name_zh, declaration.specialty.name_en
                    ),
                    "series": Names(title.series.name_zh, title.series.name_en),
                },
            ),
            Text(gettext_noop("The specialty declared must belong to the title's series")),
        )
    if requirements(declaration).condition is None and declaration.channel != Channel.CASE_BY_CASE:
        yield finding(
            "no_evaluation_condition",
            True,
            Text(
                gettext_noop("%(title)s has no evaluation conditions in force for %(year)s."),
                {"title": title_names(title), "year": declaration.plan.year},
            ),
            Text(gettext_noop("Declarations are evaluated against the evaluation conditions")),
            year=declaration.plan.year,
        )


@eligibility_check
def check_people_who_may_not_declare(declaration):
    if declaration.is_civil_servant:
        yield finding(
            "civil_servant",
            True,
            Text(
                gettext_noop(
                    "Civil servants and staff of units managed as civil service may not declare."
                )
            ),
            Text(gettext_noop("Civil servants may not declare professional titles")),
            is_civil_servant=True,
        )
    if declaration.is_retired:
        yield finding(
            "retired",
            True,
            Text(gettext_noop("Retired people may not declare.")),
            Text(gettext_noop("Retirees may not declare")),
            is_retired=True,
        )
    if declaration.under_disciplinary_sanction:
        yield finding(
            "disciplinary_sanction",
            True,
            Text(gettext_noop("People under an active disciplinary sanction may not declare.")),
            Text(gettext_noop("No declaration while a disciplinary sanction is in effect")),
            under_disciplinary_sanction=True,
        )


@eligibility_check
def check_fraud_ban(declaration):
    year = declaration.plan.year
    ban_years = settings.FRAUD_BAN_YEARS
    bans = DeclarationBan.objects.filter(
        person_id=declaration.applicant_id,
        started_on__year__lte=year,
        started_on__year__gte=year - ban_years,
    ).order_by("-started_on")
    for ban in bans[:1]:
        until = ban.started_on.year + ban_years
        yield finding(
            "declaration_banned",
            True,
            Text(
                gettext_noop(
                    "Barred from declaring since %(since)s for fraud: no declaration before the "
                    "%(next_year)s plan."
                ),
                {"since": ban.started_on, "next_year": until + 1},
            ),
            Text(
                gettext_noop(
                    "Whoever falsifies materials may not declare for %(years)s years from the "
                    "following year"
                ),
                {"years": ban_years},
            ),
            ban_started_on=ban.started_on.isoformat(),
            last_banned_year=until,
            reason=ban.reason,
        )


@eligibility_check
def check_special_channel(declaration):
    channel = declaration.channel
    needed = requirements(declaration)
    if channel == Channel.FIRST_SECRETARY:
        yield from first_secretary_findings(declaration, needed)
    elif channel == Channel.FARMER_HERDSMAN:
        yield finding(
            "education_not_limited",
            False,
            Text(
                gettext_noop(
                    "Farmer and herdsman titles are not limited by education or current "
                    "qualifications."
                )
            ),
            Text(
                gettext_noop(
                    "Farmer and herdsman titles are not limited by education or qualifications"
                )
            ),
        )
    elif channel == Channel.HIGHLY_SKILLED:
        if declaration.skill_class:
            equivalent = Education(Declaration.SKILL_CLASS_EDUCATION[declaration.skill_class])
            skill = Declaration.SkillClass(declaration.skill_class)
            yield finding(
                "skill_class_equivalent",
                False,
                Text(
                    gettext_noop("The technical-college %(skill_class)s counts as %(education)s."),
                    {
                        "skill_class": InSentence(skill.label),
                        "education": InSentence(equivalent.label),
                    },
                ),
                SKILL_CLASS_RULE,
                skill_class=declaration.skill_class,
                counts_as=int(equivalent),
            )
        else:
            yield finding(
                "skill_class_missing",
                False,
                Text(
                    gettext_noop(
                        "No technical-college class given on the highly skilled channel: the "
                        "actual education is used."
                    )
                ),
                SKILL_CLASS_RULE,
            )
    elif channel == Channel.YOUTH_AID:
        years = settings.YOUTH_AID_EXCELLENT_YEARS
        rule = Text(
            gettext_noop(
                "Youth aid talents at or below county level with %(years)s years rated "
                "excellent in a row declare without interview or defense"
            ),
            {"years": years},
        )
        evidence = {
            "at_county_or_below": declaration.serves_at_county_or_below,
            "consecutive_excellent_years": needed.excellent_years,
            "required_years": years,
        }
        if youth_aid_defense_waived(declaration):
            yield finding(
                "no_defense_required",
                False,
                Text(
                    gettext_noop(
                        "Youth aid talent at or below county level with %(excellent_years)s "
                        "excellent assessments in a row: no defense required."
                    ),
                    {"excellent_years": needed.excellent_years},
                ),
                rule,
                **evidence,
            )
        else:
            yield finding(
                "defense_required",
                False,
                Text(
                    gettext_noop(
                        "Youth aid talents skip the defense only at or below county level with "
                        "%(years)s excellent assessments in a row; not met."
                    ),
                    {"years": years},
                ),
                rule,
                **evidence,
            )
    elif channel == Channel.CASE_BY_CASE:
        yield finding(
            "case_by_case_panel",
            False,
            Text(
                gettext_noop(
                    "Case-by-case: a standing panel evaluates outside the annual plan's normal "
                    "conditions; the condition checks below are for reference only."
                )
            ),
            Text(
                gettext_noop(
                    "Urgently needed high-level talents are evaluated case by case, one by one"
                )
            ),
        )


@eligibility_check
def check_education(declaration):
    needed = requirements(declaration)
    if needed.condition is None or not needed.education_limited:
        return
    minimum = Education(needed.condition.min_education)
    if needed.effective_education < minimum:
        have = Education(needed.effective_education)
        yield finding(
            "education_below_minimum",
            needed.strict,
            Text(
                gettext_noop(
                    "Education (%(have)s) is below the minimum for %(title)s (%(minimum)s)."
                ),
                {
                    "have": InSentence(have.label),
                    "title": title_names(declaration.title),
                    "minimum": InSentence(minimum.label),
                },
            ),
            _condition_rule(
                declaration,
                Text(
                    gettext_noop("education at least %(minimum)s"),
                    {"minimum": InSentence(minimum.label)},
                ),
            ),
            have=int(have),
            minimum=int(minimum),
        )


@eligibility_check
def check_current_title(declaration):
    needed = requirements(declaration)
    if not needed.current_title_limited:
        return
    title = declaration.title
    current = declaration.current_title_level
    if current is not None and title.level > current + 1:
        yield finding(
            "level_skipped",
            needed.strict,
            Text(
                gettext_noop(
                    "Titles are declared one level at a time: from %(current)s you cannot "
                    "declare %(title)s."
                ),
                {"current": InSentence(Level(current).label), "title": title_names(title)},
            ),
            Text(gettext_noop("Titles are normally declared one level at a time")),
            current_level=current,
            declared_level=title.level,
        )
    required = needed.years_since_current_title
    if needed.condition is None or required <= 0:
        return
    rule = _condition_rule(
        declaration,
        Text(gettext_noop("%(years)s years since the current title"), {"years": required}),
    )
    obtained = declaration.current_title_obtained_on
    if obtained is None:
        yield finding(
            "current_title_missing",
            needed.strict,
            Text(
                gettext_noop(
                    "%(title)s needs %(years)s years since the current title; no current title "
                    "date is given."
                ),
                {"title": title_names(title), "years": required},
            ),
            rule,
            required_years=required,
        )
        return
    cutoff = declaration.plan.achievement_cutoff
    years = full_years(obtained, cutoff)
    if years < required:
        yield finding(
            "years_since_current_title_short",
            needed.strict,
            Text(
                gettext_noop(
                    "%(years)s years since the current title by %(cutoff)s; %(required)s needed."
                ),
                {"years": years, "cutoff": cutoff, "required": required},
            ),
            rule,
            years=years,
            required_years=required,
            counted_until=cutoff.isoformat(),
        )


@eligibility_check
def check_professional_years(declaration):
    needed = requirements(declaration)
    started = declaration.work_started_on
    cutoff = declaration.plan.achievement_cutoff
    if started is not None:
        # The years declared cannot be more than the whole years since work started.
        worked = whole_months(started, cutoff) // 12
        if declaration.professional_years > worked:
            yield finding(
                "professional_years_exceed_work",
                needed.strict,
                Text(
                    gettext_noop(
                        "%(years)s years of professional work are declared, but work started on "
                        "%(started_on)s: %(worked)s whole years by %(cutoff)s."
                    ),
                    {
                        "years": declaration.professional_years,
                        "started_on": started,
                        "worked": worked,
                        "cutoff": cutoff,
                    },
                ),
                Text(
                    gettext_noop(
                        "Professional years are counted within the years worked since starting "
                        "work, up to the plan's cut-off date"
                    )
                ),
                declared_years=declaration.professional_years,
                work_started_on=started.isoformat(),
                years_worked=worked,
                counted_until=cutoff.isoformat(),
            )
    if needed.condition is None or needed.effective_professional_years >= needed.professional_years:
        return
    yield finding(
        "professional_years_short",
        needed.strict,
        Text(
            gettext_noop("%(years)s years of professional work; %(required)s needed."),
            {
                "years": needed.effective_professional_years,
                "required": needed.professional_years,
            },
        ),
        _condition_rule(
            declaration,
            Text(
                gettext_noop("%(years)s years of professional and technical work"),
                {"years": needed.professional_years},
            ),
        ),
        years=needed.effective_professional_years,
        required_years=needed.professional_years,
    )


@eligibility_check
def check_required_materials(declaration):
    needed = requirements(declaration)
    if needed.condition is None:
        return
    present = {material.material_type for material in declaration.current_materials}
    missing = [kind for kind in needed.condition.required_material_types if kind not in present]
    if missing:
        labels = tuple(MaterialType(kind).label for kind in missing)
        yield finding(
            "materials_missing",
            needed.strict,
            Text(
                gettext_noop("Required proof materials are missing: %(materials)s."),
                {"materials": Listing(labels)},
            ),
            _condition_rule(declaration, Text(gettext_noop("the proof materials required"))),
            missing=missing,
        )


@eligibility_check
def check_achievement_dates(declaration):
    yield from achievement_findings(declaration)


@eligibility_check
def check_social_insurance(declaration):
    yield from social_insurance_findings(declaration)
