"""Eligibility findings: the title's conditions, the people who may not declare, achievement
dates, and what each special channel changes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from applicants import services
from applicants.eligibility import Finding, Text, eligibility_check, evaluate_eligibility
from applicants.models import Achievement, AnnualAssessment, Declaration
from titles.models import Education, Level

C = Declaration.Channel
EXCELLENT = AnnualAssessment.Grade.EXCELLENT


def codes(declaration, blocking=None):
    return [
        f.code
        for f in evaluate_eligibility(declaration)
        if blocking is None or f.blocking == blocking
    ]


def excellent(*years):
    return [{"year": year, "grade": EXCELLENT} for year in years]


def test_a_declaration_meeting_every_condition_has_no_findings(world):
    assert codes(world.create()) == []


def test_the_regular_conditions_each_give_a_blocking_finding(world):
    declaration = world.create(
        education=Education.JUNIOR_COLLEGE,
        current_title_obtained_on=date(2023, 7, 1),
        professional_years=4,
        materials=False,
    )
    findings = {f.code: f for f in evaluate_eligibility(declaration)}
    assert set(findings) == {
        "education_below_minimum",
        "years_since_current_title_short",
        "professional_years_short",
        "materials_missing",
    }
    assert all(f.blocking for f in findings.values())
    short = findings["years_since_current_title_short"]
    assert short.evidence == {"years": 3, "required_years": 5, "counted_until": "2026-12-31"}
    assert "5 years since the current title" in short.rule
    assert findings["education_below_minimum"].message_en.startswith("Education")
    assert "学历" in findings["education_below_minimum"].message_zh


def test_blocking_findings_prevent_submission(world):
    declaration = world.create(professional_years=3)
    with pytest.raises(ValidationError) as refusal:
        services.submit_declaration(declaration, actor=world.applicant, pledge=True)
    assert "3" in refusal.value.messages[0]
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.DRAFT


def test_skipping_a_level_is_refused(world):
    declaration = world.create(current_title_level=Level.ASSISTANT)
    assert "level_skipped" in codes(declaration, blocking=True)


def test_achievements_before_the_current_title_or_after_the_cutoff_do_not_count(world):
    declaration = world.create(
        achievements=[
            {"kind": Achievement.Kind.PAPER, "title": "早期论文", "achieved_on": date(2018, 3, 1)},
            {"kind": Achievement.Kind.PATENT, "title": "新专利", "achieved_on": date(2027, 2, 1)},
            {
                "kind": Achievement.Kind.AWARD,
                "title": "科技进步奖",
                "achieved_on": date(2021, 9, 1),
            },
        ]
    )
    findings = [f for f in evaluate_eligibility(declaration) if f.code.startswith("achievement")]
    assert [(f.code, f.evidence["achieved_on"]) for f in findings] == [
        ("achievement_before_current_title", "2018-03-01"),
        ("achievement_after_cutoff", "2027-02-01"),
    ]
    assert all(f.blocking for f in findings)
    # Each language writes the date as its pages do.
    assert "“早期论文”（2018年3月1日）" in findings[0].message_zh
    assert "“早期论文” (1 Mar 2018)" in findings[0].message_en


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("is_civil_servant", "civil_servant"),
        ("is_retired", "retired"),
        ("under_disciplinary_sanction", "disciplinary_sanction"),
    ],
)
def test_people_who_may_not_declare(world, field, code):
    assert codes(world.create(**{field: True}), blocking=True) == [code]


def test_a_fraud_ban_lasts_from_its_year_through_the_set_number_of_years(world, settings):
    settings.FRAUD_BAN_YEARS = 3
    declaration = world.create()
    ban = services.bar_from_declaring(
        world.applicant, actor=world.bureau, started_on=date(2023, 6, 1), reason="伪造论文"
    )
    finding = next(f for f in evaluate_eligibility(declaration) if f.code == "declaration_banned")
    assert finding.blocking and finding.evidence["last_banned_year"] == 2026
    ban.started_on = date(2022, 6, 1)  # banned 2023, 2024, 2025: free in 2026
    ban.save()
    assert "declaration_banned" not in codes(declaration)


def test_first_secretary_two_excellent_years_declares_one_year_early(world):
    # 4 years in the current title, 5 needed; 8 professional years plus 2 in the village.
    regular = world.create(current_title_obtained_on=date(2022, 7, 1), professional_years=9)
    assert set(codes(regular, blocking=True)) == {
        "years_since_current_title_short",
        "professional_years_short",
    }

    declaration = world.create(
        applicant=world.school_applicant,
        channel=C.FIRST_SECRETARY,
        current_title_obtained_on=date(2022, 7, 1),
        professional_years=8,
        village_periods=[
            {"village": "示范村", "started_on": date(2023, 6, 1), "ended_on": date(2025, 6, 1)}
        ],
        assessments=excellent(2024, 2025),
    )
    findings = evaluate_eligibility(declaration)
    assert [(f.code, f.blocking) for f in findings] == [("first_secretary_early", False)]
    evidence = findings[0].evidence
    assert (evidence["village_years"], evidence["consecutive_excellent_years"]) == (2, 2)
    assert evidence["longest_stretch"] == "2023-06-01/2025-06-01"
    assert evidence["minimum_years"] == 2


def test_first_secretary_without_excellent_years_meets_the_regular_conditions(world):
    declaration = world.create(
        channel=C.FIRST_SECRETARY,
        current_title_obtained_on=date(2022, 7, 1),
        village_periods=[{"village": "示范村", "started_on": date(2023, 6, 1), "ended_on": None}],
        assessments=[{"year": 2024, "grade": "competent"}, {"year": 2025, "grade": EXCELLENT}],
    )
    assert codes(declaration) == ["years_since_current_title_short", "first_secretary_not_met"]


def test_farmers_and_herdsmen_are_not_limited_by_education_or_current_title(world):
    declaration = world.create(
        channel=C.FARMER_HERDSMAN,
        education=Education.NONE,
        current_title_level=None,
        current_title_name="",
        current_title_obtained_on=None,
    )
    findings = evaluate_eligibility(declaration)
    assert [(f.code, f.blocking) for f in findings] == [("education_not_limited", False)]


def test_highly_skilled_technical_college_classes_count_as_education(world):
    without = world.create(channel=C.HIGHLY_SKILLED, education=Education.SECONDARY)
    assert codes(without) == ["education_below_minimum", "skill_class_missing"]
    technician = world.create(
        applicant=world.school_applicant,
        channel=C.HIGHLY_SKILLED,
        education=Education.SECONDARY,
        skill_class=Declaration.SkillClass.TECHNICIAN,
    )
    findings = evaluate_eligibility(technician)
    assert [(f.code, f.blocking) for f in findings] == [("skill_class_equivalent", False)]
    assert findings[0].evidence == {"skill_class": "technician", "counts_as": Education.BACHELOR}


def test_an_advanced_class_counts_as_junior_college_only(world):
    declaration = world.create(
        channel=C.HIGHLY_SKILLED,
        education=Education.SECONDARY,
        skill_class=Declaration.SkillClass.ADVANCED,
    )
    finding = next(
        f for f in evaluate_eligibility(declaration) if f.code == "education_below_minimum"
    )
    assert finding.evidence == {"have": Education.JUNIOR_COLLEGE, "minimum": Education.BACHELOR}


def test_youth_aid_three_excellent_years_at_county_level_needs_no_defense(world):
    from applicants.selectors import defense_waived

    declaration = world.create(
        channel=C.YOUTH_AID, serves_at_county_or_below=True, assessments=excellent(2023, 2024, 2025)
    )
    findings = evaluate_eligibility(declaration)
    assert [(f.code, f.blocking) for f in findings] == [("no_defense_required", False)]
    assert defense_waived(declaration)

    city_level = world.create(
        applicant=world.school_applicant,
        channel=C.YOUTH_AID,
        serves_at_county_or_below=False,
        assessments=excellent(2023, 2024, 2025),
    )
    assert codes(city_level) == ["defense_required"]
    assert not defense_waived(city_level)


def test_case_by_case_is_judged_by_the_standing_panel_outside_the_normal_conditions(world):
    declaration = world.create(
        channel=C.CASE_BY_CASE, education=Education.JUNIOR_COLLEGE, professional_years=3
    )
    findings = evaluate_eligibility(declaration)
    assert [(f.code, f.blocking) for f in findings] == [
        ("case_by_case_panel", False),
        ("education_below_minimum", False),
        ("professional_years_short", False),
    ]
    assert "standing panel" in findings[0].message_en and "常设评审专家组" in findings[0].message_zh


def test_another_app_adds_a_check_with_one_registration(world, monkeypatch):
    from applicants import eligibility

    monkeypatch.setattr(eligibility, "_CHECKS", list(eligibility._CHECKS))

    @eligibility_check
    def everyone_needs_a_hat(declaration):
        yield Finding("no_hat", True, Text("No hat"), Text("Hats are required"), {"hats": 0})

    declaration = world.create()
    assert codes(declaration, blocking=True) == ["no_hat"]


def test_the_message_follows_the_active_language(world):
    from django.utils import translation

    finding = next(f for f in evaluate_eligibility(world.create(is_retired=True)))
    with translation.override("en"):
        assert finding.message == finding.message_en
    with translation.override("zh-hans"):
        assert finding.message == finding.message_zh


def test_professional_years_cannot_exceed_the_years_worked_by_the_cutoff(world):
    # Work started 1 January 2010: 17 whole years on the cut-off date, 31 December 2026.
    on_the_day = world.create(work_started_on=date(2010, 1, 1), professional_years=17)
    assert "professional_years_exceed_work" not in codes(on_the_day)

    # A day later, only 16 whole years by the cut-off date.
    day_after = world.create(
        applicant=world.school_applicant, work_started_on=date(2010, 1, 2), professional_years=17
    )
    finding = next(
        f for f in evaluate_eligibility(day_after) if f.code == "professional_years_exceed_work"
    )
    assert finding.blocking
    assert finding.evidence == {
        "declared_years": 17,
        "work_started_on": "2010-01-02",
        "years_worked": 16,
        "counted_until": "2026-12-31",
    }
    assert finding.message_en == (
        "17 years of professional work are declared, but work started on 2 Jan 2010: 16 whole "
        "years by 31 Dec 2026."
    )


def test_the_people_who_may_not_declare_are_named_in_the_evidence(world):
    finding = next(iter(evaluate_eligibility(world.create(is_civil_servant=True))))
    assert (finding.code, finding.evidence) == ("civil_servant", {"is_civil_servant": True})
