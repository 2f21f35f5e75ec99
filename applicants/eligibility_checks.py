"""The declaration's own eligibility checks: the title's evaluation conditions, the people
who may not declare, dates of achievements, required materials, and the special channels'
adjustments (../shared/domain.md, "Eligibility")."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import translation

from applicants.eligibility import Finding, date_en, date_zh, eligibility_check
from applicants.models import AnnualAssessment, Declaration, DeclarationBan
from titles.models import Education, EvaluationCondition, Level, MaterialType
from titles.selectors import condition_for

Channel = Declaration.Channel


def finding(code, blocking, message_zh, message_en, rule, **evidence) -> Finding:
    return Finding(code, blocking, message_zh, message_en, rule, evidence)


def _zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def _en(label) -> str:
    with translation.override("en"):
        return str(label)


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


def requirements(declaration: Declaration) -> Requirements:
    cache = declaration.__dict__.setdefault("_eligibility_cache", {})
    if "requirements" not in cache:
        cache["requirements"] = _requirements(declaration)
    return cache["requirements"]


def _requirements(declaration: Declaration) -> Requirements:
    condition = condition_for(declaration.title, declaration.plan.year)
    channel = declaration.channel
    excellent = consecutive_excellent_years(declaration)
    first_secretary = (
        channel == Channel.FIRST_SECRETARY
        and declaration.village_service_years >= settings.FIRST_SECRETARY_MIN_VILLAGE_YEARS
        and excellent >= settings.FIRST_SECRETARY_MIN_VILLAGE_YEARS
    )
    education = declaration.education
    if channel == Channel.HIGHLY_SKILLED and declaration.skill_class:
        equivalent = Declaration.SKILL_CLASS_EDUCATION[declaration.skill_class]
        education = max(education, equivalent)
    years_in_title = condition.years_since_current_title if condition else 0
    if first_secretary:
        years_in_title = max(years_in_title - settings.FIRST_SECRETARY_YEARS_EARLY, 0)
    professional = declaration.professional_years
    if first_secretary:
        professional += declaration.village_service_years
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
    )


def youth_aid_defense_waived(declaration: Declaration) -> bool:
    """Youth aid talents at or below county level, excellent for the last N years in a row,
    declare without interview or defense."""
    return (
        declaration.channel == Channel.YOUTH_AID
        and declaration.serves_at_county_or_below
        and requirements(declaration).excellent_years >= settings.YOUTH_AID_EXCELLENT_YEARS
    )


def _condition_rule(declaration, requirement) -> str:
    return f"{declaration.title.name_zh}评审条件 · {requirement}"


@eligibility_check
def check_title_and_conditions(declaration):
    title = declaration.title
    if title.by_examination:
        yield finding(
            "title_by_examination",
            True,
            f"{title.name_zh}通过全国或全省统一考试取得（以考代评），不进行评审申报。",
            f"{title.name_en} is obtained by unified examination and is not evaluated.",
            "以考代评的职称不开展评审",
        )
    if declaration.specialty.series_id != title.series_id:
        yield finding(
            "specialty_not_in_series",
            True,
            f"专业“{declaration.specialty.name_zh}”不属于{title.series.name_zh}。",
            f"The specialty {declaration.specialty.name_en} is not in the "
            f"{title.series.name_en} series.",
            "申报专业须属于所申报职称的系列",
        )
    if requirements(declaration).condition is None and declaration.channel != Channel.CASE_BY_CASE:
        yield finding(
            "no_evaluation_condition",
            True,
            f"{title.name_zh}尚无{declaration.plan.year}年度适用的评审条件。",
            f"{title.name_en} has no evaluation conditions in force for {declaration.plan.year}.",
            "按评审条件评价",
            year=declaration.plan.year,
        )


@eligibility_check
def check_people_who_may_not_declare(declaration):
    if declaration.is_civil_servant:
        yield finding(
            "civil_servant",
            True,
            "公务员和参照公务员法管理单位的工作人员不得申报职称评审。",
            "Civil servants and staff of units managed as civil service may not declare.",
            "公务员不得申报专业技术职称",
        )
    if declaration.is_retired:
        yield finding(
            "retired",
            True,
            "已办理退休手续的人员不得申报职称评审。",
            "Retired people may not declare.",
            "退休人员不得申报",
        )
    if declaration.under_disciplinary_sanction:
        yield finding(
            "disciplinary_sanction",
            True,
            "处于党纪政务处分影响期内的人员不得申报职称评审。",
            "People under an active disciplinary sanction may not declare.",
            "处分影响期内不得申报",
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
            f"因弄虚作假自{date_zh(ban.started_on)}起禁止申报，{until}年度（含）之前不得申报。",
            f"Barred from declaring since {date_en(ban.started_on)} for fraud: no declaration "
            f"before the {until + 1} plan.",
            f"弄虚作假者自次年起{ban_years}年内不得申报",
            ban_started_on=ban.started_on.isoformat(),
            last_banned_year=until,
            reason=ban.reason,
        )


@eligibility_check
def check_special_channel(declaration):
    channel = declaration.channel
    needed = requirements(declaration)
    if channel == Channel.FIRST_SECRETARY:
        minimum = settings.FIRST_SECRETARY_MIN_VILLAGE_YEARS
        early = settings.FIRST_SECRETARY_YEARS_EARLY
        evidence = {
            "village_years": declaration.village_service_years,
            "consecutive_excellent_years": needed.excellent_years,
            "minimum_years": minimum,
        }
        rule = (
            f"驻村第一书记、工作队员连续驻村满{minimum}年且考核优秀：提前{early}年申报，"
            "驻村年限计入专业技术工作年限"
        )
        if needed.first_secretary_applies:
            yield finding(
                "first_secretary_early",
                False,
                f"驻村{declaration.village_service_years}年且连续{needed.excellent_years}年考核优秀："
                f"可提前{early}年申报，驻村年限计入专业技术工作年限。",
                f"{declaration.village_service_years} years in the village with "
                f"{needed.excellent_years} excellent assessments in a row: may declare {early} "
                "year early, and the village years count as professional years.",
                rule,
                **evidence,
            )
        else:
            yield finding(
                "first_secretary_not_met",
                False,
                f"驻村第一书记渠道要求连续驻村满{minimum}年且考核优秀，当前未满足，按常规条件评价。",
                f"The first-secretary channel needs {minimum} continuous years in the village "
                "with excellent assessments; not met, so the regular conditions apply.",
                rule,
                **evidence,
            )
    elif channel == Channel.FARMER_HERDSMAN:
        yield finding(
            "education_not_limited",
            False,
            "农牧民职称评审不受学历、资历限制。",
            "Farmer and herdsman titles are not limited by education or current qualifications.",
            "农牧民职称不受学历、资历限制",
        )
    elif channel == Channel.HIGHLY_SKILLED:
        if declaration.skill_class:
            equivalent = Education(Declaration.SKILL_CLASS_EDUCATION[declaration.skill_class])
            skill = Declaration.SkillClass(declaration.skill_class)
            yield finding(
                "skill_class_equivalent",
                False,
                f"技工院校{_zh(skill.label)}学历视同{_zh(equivalent.label)}。",
                f"The technical-college {_en(skill.label).lower()} counts as "
                f"{_en(equivalent.label).lower()}.",
                "技工院校中级工班、高级工班、预备技师（技师）班毕业分别视同中专、大专、本科学历",
                skill_class=declaration.skill_class,
                counts_as=int(equivalent),
            )
        else:
            yield finding(
                "skill_class_missing",
                False,
                "高技能人才渠道未填写技工院校班级，按实际学历评价。",
                "No technical-college class given on the highly skilled channel: the actual "
                "education is used.",
                "技工院校学历视同相应学历",
            )
    elif channel == Channel.YOUTH_AID:
        years = settings.YOUTH_AID_EXCELLENT_YEARS
        rule = f"县级及以下援青人才连续{years}年考核优秀的，免于面试答辩"
        evidence = {
            "at_county_or_below": declaration.serves_at_county_or_below,
            "consecutive_excellent_years": needed.excellent_years,
            "required_years": years,
        }
        if youth_aid_defense_waived(declaration):
            yield finding(
                "no_defense_required",
                False,
                f"援青人才在县级及以下单位连续{needed.excellent_years}年考核优秀：免于面试答辩。",
                f"Youth aid talent at or below county level with {needed.excellent_years} "
                "excellent assessments in a row: no defense required.",
                rule,
                **evidence,
            )
        else:
            yield finding(
                "defense_required",
                False,
                f"援青人才须在县级及以下单位连续{years}年考核优秀方可免于答辩，当前未满足。",
                f"Youth aid talents skip the defense only at or below county level with {years} "
                "excellent assessments in a row; not met.",
                rule,
                **evidence,
            )
    elif channel == Channel.CASE_BY_CASE:
        yield finding(
            "case_by_case_panel",
            False,
            "一事一议（一人一评）：由常设评审专家组在年度计划常规条件之外评价，以下条件核查仅供参考。",
            "Case-by-case: a standing panel evaluates outside the annual plan's normal "
            "conditions; the condition checks below are for reference only.",
            "急需紧缺高层次人才一事一议、一人一评",
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
            f"学历（{_zh(have.label)}）低于{declaration.title.name_zh}的最低要求（{_zh(minimum.label)}）。",
            f"Education ({_en(have.label).lower()}) is below the minimum for "
            f"{declaration.title.name_en} ({_en(minimum.label).lower()}).",
            _condition_rule(declaration, f"学历不低于{_zh(minimum.label)}"),
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
            f"职称须逐级申报：现职称为{_zh(Level(current).label)}，不能直接申报{title.name_zh}。",
            f"Titles are declared one level at a time: from {_en(Level(current).label).lower()} "
            f"you cannot declare {title.name_en}.",
            "职称一般逐级申报",
            current_level=current,
            declared_level=title.level,
        )
    required = needed.years_since_current_title
    if needed.condition is None or required <= 0:
        return
    rule = _condition_rule(declaration, f"取得现职称后满{required}年")
    obtained = declaration.current_title_obtained_on
    if obtained is None:
        yield finding(
            "current_title_missing",
            needed.strict,
            f"申报{title.name_zh}须取得现职称满{required}年，未填写现职称及取得时间。",
            f"{title.name_en} needs {required} years since the current title; no current title "
            "date is given.",
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
            f"取得现职称{years}年，截至{date_zh(cutoff)}未满{required}年。",
            f"{years} years since the current title by {date_en(cutoff)}; {required} needed.",
            rule,
            years=years,
            required_years=required,
            counted_until=cutoff.isoformat(),
        )


@eligibility_check
def check_professional_years(declaration):
    needed = requirements(declaration)
    if needed.condition is None or needed.effective_professional_years >= needed.professional_years:
        return
    yield finding(
        "professional_years_short",
        needed.strict,
        f"专业技术工作年限{needed.effective_professional_years}年，未满{needed.professional_years}年。",
        f"{needed.effective_professional_years} years of professional work; "
        f"{needed.professional_years} needed.",
        _condition_rule(declaration, f"从事专业技术工作满{needed.professional_years}年"),
        years=needed.effective_professional_years,
        required_years=needed.professional_years,
    )


@eligibility_check
def check_required_materials(declaration):
    needed = requirements(declaration)
    if needed.condition is None:
        return
    present = {
        material.material_type for material in declaration.materials.all() if material.is_current
    }
    missing = [kind for kind in needed.condition.required_material_types if kind not in present]
    if missing:
        labels = [MaterialType(kind).label for kind in missing]
        yield finding(
            "materials_missing",
            needed.strict,
            "缺少必需的证明材料：" + "、".join(_zh(label) for label in labels) + "。",
            "Required proof materials are missing: "
            + ", ".join(_en(label) for label in labels)
            + ".",
            _condition_rule(declaration, "须提交的证明材料"),
            missing=missing,
        )


@eligibility_check
def check_achievement_dates(declaration):
    cutoff = declaration.plan.achievement_cutoff
    obtained = declaration.current_title_obtained_on
    for achievement in declaration.achievements.all():
        if obtained and achievement.achieved_on <= obtained:
            yield finding(
                "achievement_before_current_title",
                True,
                f"业绩“{achievement.title}”（{date_zh(achievement.achieved_on)}）早于取得现职称时间"
                f"（{date_zh(obtained)}），不能计入，请删除或更正日期。",
                f"The achievement “{achievement.title}” ({date_en(achievement.achieved_on)}) "
                f"predates the current title ({date_en(obtained)}) and does not count: remove it "
                "or correct its date.",
                "业绩成果须为取得现职称后取得",
                achievement=achievement.pk,
                achieved_on=achievement.achieved_on.isoformat(),
                current_title_obtained_on=obtained.isoformat(),
            )
        if achievement.achieved_on > cutoff:
            yield finding(
                "achievement_after_cutoff",
                True,
                f"业绩“{achievement.title}”（{date_zh(achievement.achieved_on)}）晚于本年度业绩截止日期"
                f"（{date_zh(cutoff)}），不能计入。",
                f"The achievement “{achievement.title}” ({date_en(achievement.achieved_on)}) "
                f"is after the plan's cut-off date ({date_en(cutoff)}) and does not count.",
                "业绩成果截止到评审计划规定的截止日期",
                achievement=achievement.pk,
                achieved_on=achievement.achieved_on.isoformat(),
                cutoff=cutoff.isoformat(),
            )
