from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applicants.eligibility import evaluate_eligibility
from applicants.models import Declaration
from applicants.services import create_declaration, submit_declaration
from continuing_ed.eligibility_checks import (
    check_continuing_education_hours,
    check_required_exams,
)
from continuing_ed.models import CreditHourRecord, ExamResult, ExamValidity, SubjectKind
from titles.models import Education, ExamKind, Level

PROFESSIONAL, GENERAL = SubjectKind.PROFESSIONAL, SubjectKind.GENERAL


def record(person, certifier, year, hours, kind=PROFESSIONAL, status="certified"):
    # Laid down directly: what is under test is the check, not how hours arrive.
    return CreditHourRecord.objects.create(
        person=person,
        year=year,
        activity=f"课程{year}",
        subject_kind=kind,
        hours=Decimal(hours),
        ended_on=date(year, 6, 30),
        status=status,
        source=CreditHourRecord.Source.IMPORT,
        decided_by=certifier,
        created_by=certifier,
    )


@pytest.fixture
def declaration(demo, applicant):
    """Zhang Wei declares senior engineer in the 2026 plan; engineer since July 2020."""
    plan = demo["plan"]
    title = plan.titles.get(level=Level.DEPUTY_SENIOR)
    return create_declaration(
        actor=applicant,
        plan=plan,
        title=title,
        specialty=title.series.specialties.first(),
        education=Education.BACHELOR,
        current_title_level=Level.INTERMEDIATE,
        current_title_name="工程师",
        current_title_obtained_on=date(2020, 7, 1),
        professional_years=12,
    )


@pytest.fixture
def full_years(applicant, employer_hr):
    def lay_down(*, skip=()):
        for year in range(2021, 2027):
            if year not in skip:
                record(applicant, employer_hr, year, "60")
                record(applicant, employer_hr, year, "30", GENERAL)

    return lay_down


@pytest.fixture
def computer_exam(applicant, employer_hr):
    return ExamResult.objects.create(
        person=applicant,
        kind=ExamKind.COMPUTER_APPLICATION,
        level="Windows 7",
        exam_date=date(2023, 4, 8),
        passed=True,
        score=Decimal("78"),
        recorded_by=employer_hr,
    )


def ce_findings(declaration):
    return [*check_continuing_education_hours(declaration), *check_required_exams(declaration)]


def test_a_declaration_is_blocked_by_missing_hours_with_a_finding_naming_the_year_and_gap(
    declaration, applicant, employer_hr, full_years, computer_exam
):
    full_years(skip=[2024])
    record(applicant, employer_hr, 2024, "60")
    record(applicant, employer_hr, 2024, "29.5", GENERAL)

    (finding,) = ce_findings(declaration)
    assert finding.code == "ce_hours_short"
    assert finding.blocking
    assert finding.evidence["year"] == 2024
    assert finding.evidence["gaps"] == [{"kind": "any", "hours": "0.5"}]
    assert finding.message_zh.startswith("2024年继续教育学时未达标")
    assert "还差任意科目0.5学时" in finding.message_zh
    assert "Continuing education in 2024 falls short" in finding.message_en
    assert "missing 0.5 hours of either kind" in finding.message_en

    assert finding in evaluate_eligibility(declaration)
    with pytest.raises(ValidationError) as refused:
        submit_declaration(declaration, actor=applicant, pledge=True)
    assert finding.message_en in refused.value.messages
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.DRAFT


def test_the_finding_names_the_professional_gap_and_mentions_uncertified_hours(
    declaration, applicant, employer_hr, full_years, computer_exam
):
    full_years(skip=[2022])
    record(applicant, employer_hr, 2022, "50")
    record(applicant, employer_hr, 2022, "40", GENERAL)
    record(applicant, employer_hr, 2022, "10", status="claimed")

    (finding,) = ce_findings(declaration)
    assert finding.evidence["year"] == 2022
    assert finding.evidence["gaps"] == [{"kind": "professional", "hours": "10"}]
    assert "专业科目10学时" in finding.message_zh
    assert "另有10学时待认定" in finding.message_zh


def test_hours_meeting_every_year_since_the_current_title_leave_no_finding(
    declaration, full_years, computer_exam, applicant, employer_hr
):
    full_years()
    # The year the current title was obtained belongs to the previous title.
    record(applicant, employer_hr, 2019, "1")

    assert ce_findings(declaration) == []


def test_a_missing_or_expired_exam_blocks_the_declaration(
    declaration, full_years, computer_exam, demo
):
    full_years()
    ExamValidity.objects.create(
        series=declaration.title.series,
        exam_kind=ExamKind.COMPUTER_APPLICATION,
        validity_years=3,
    )

    (finding,) = ce_findings(declaration)
    assert finding.code == "exam_expired"
    assert finding.blocking
    assert finding.evidence["valid_until"] == "2026-04-07"
    assert "计算机应用能力考试" in finding.message_zh

    computer_exam.passed = False
    computer_exam.save()
    (finding,) = ce_findings(declaration)
    assert finding.code == "exam_not_passed"


def test_case_by_case_declarations_only_hear_about_missing_hours(declaration, applicant):
    declaration.channel = Declaration.Channel.CASE_BY_CASE
    declaration.save()

    findings = ce_findings(declaration)
    assert {f.code for f in findings} == {"ce_hours_short", "exam_not_passed"}
    assert not any(f.blocking for f in findings)
