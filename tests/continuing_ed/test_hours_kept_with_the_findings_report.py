"""A submission's findings report keeps each counted year's certified and required hours of
continuing education, met or not, so that the experts' summary table shows the hours as they
stood when the declaration was submitted, whatever is certified later."""

from applicants.models import Declaration, FindingsReport
from applicants.services import submit_declaration
from tests.continuing_ed.test_declaration_eligibility import (  # noqa: F401 - fixtures
    GENERAL,
    computer_exam,
    declaration,
    full_years,
    record,
)


def test_the_report_keeps_every_counted_years_hours(
    declaration,  # noqa: F811
    full_years,  # noqa: F811
    computer_exam,  # noqa: F811
    applicant,
    employer_hr,
):
    full_years(skip=[2024])
    record(applicant, employer_hr, 2024, "60")
    record(applicant, employer_hr, 2024, "20.5", GENERAL)
    # Short in 2024: only heard about, not blocking, on the case-by-case channel.
    declaration.channel = Declaration.Channel.CASE_BY_CASE
    declaration.save()

    submit_declaration(declaration, actor=applicant, pledge=True)
    # Hours certified after the submission do not change what the report kept.
    record(applicant, employer_hr, 2024, "10", GENERAL)

    report = FindingsReport.objects.get(declaration=declaration)
    assert report.inputs["continuing_education"] == [
        "2021 · 90/90",
        "2022 · 90/90",
        "2023 · 90/90",
        "2024 · 80.5/90",
        "2025 · 90/90",
        "2026 · 90/90",
    ]
