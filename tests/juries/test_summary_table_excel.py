"""The candidates' summary table as Excel: one landscape row per candidate with the figures
the experts compare, every typed text kept as text, and one review group's rows on asking."""

import io
from datetime import date

from django.utils import timezone
from openpyxl import load_workbook

from applicants.models import Achievement, AnnualAssessment, FindingsReport
from audit.models import PersonalDataAccess
from audit.services import append_audit_record


def summary_sheet(client, meeting, **params):
    response = client.get(f"/juries/meetings/{meeting.pk}/summary.xlsx", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def rows_of(sheet):
    return list(sheet.iter_rows(min_row=3, values_only=True))


def test_one_row_per_candidate_with_the_compared_figures(world, client):
    first = world.declaration()
    first.current_title_name = "工程师"
    first.current_title_obtained_on = date(2019, 7, 1)
    first.professional_years = 12
    first.save()
    Achievement.objects.create(
        declaration=first, kind="paper", title="桥梁抗震研究", achieved_on=date(2021, 3, 1)
    )
    Achievement.objects.create(
        declaration=first, kind="paper", title="隧道监测方法", achieved_on=date(2022, 5, 1)
    )
    Achievement.objects.create(
        declaration=first, kind="award", title="省科技进步奖", achieved_on=date(2023, 1, 9)
    )
    AnnualAssessment.objects.create(declaration=first, year=2024, grade="excellent")
    AnnualAssessment.objects.create(declaration=first, year=2025, grade="competent")
    append_audit_record(action="qualify", actor=world.office, declaration=first, reason="材料齐全")
    others = [world.declaration(), world.declaration()]
    meeting = world.meeting(declarations=[first, *others])
    client.force_login(world.office)

    sheet = summary_sheet(client, meeting)

    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    headers = [cell.value for cell in sheet[2]]
    assert headers[:10] == [
        "No.",
        "Name",
        "Unit",
        "Specialty",
        "Current title",
        "Held since",
        "Title declared",
        "Education",
        "Years in current title",
        "Professional years",
    ]
    assert headers[10:] == [
        "Achievements",
        "Achievements in detail",
        "Annual assessments",
        "Continuing education",
        "Qualification check",
    ]
    rows = rows_of(sheet)
    assert len(rows) == 3
    names = {row[1] for row in rows}
    assert names == {d.applicant.real_name for d in (first, *others)}
    row = next(row for row in rows if row[1] == first.applicant.real_name)
    assert row[2] == first.employer.name
    assert row[4:7] == ("工程师", "2019-07-01", first.title.name_zh)
    # From 1 July 2019 to the plan's cut-off, 31 December 2026: seven whole years.
    assert row[8] == 7
    assert row[9] == 12
    assert row[10] == "Paper or publication 2, Award 1"
    assert row[11].splitlines() == [
        "2021-03-01 Paper or publication: 桥梁抗震研究",
        "2022-05-01 Paper or publication: 隧道监测方法",
        "2023-01-09 Award: 省科技进步奖",
    ]
    assert row[12] == "2024 Excellent, 2025 Competent"
    assert row[14] == f"Qualified on {timezone.localdate():%Y-%m-%d}: 材料齐全"
    # No ID number anywhere: the experts compare qualifications, not identities.
    text = "\n".join(str(value) for row in rows for value in row)
    for declaration in (first, *others):
        assert declaration.applicant.id_number not in text


def test_text_that_looks_like_a_formula_stays_text(world, client):
    declaration = world.declaration(applicant=world.person(name="=1+2"))
    Achievement.objects.create(
        declaration=declaration,
        kind="project",
        title='=HYPERLINK("http://evil.example","x")',
        achieved_on=date(2022, 1, 1),
    )
    meeting = world.meeting(declarations=[declaration])
    client.force_login(world.office)

    sheet = summary_sheet(client, meeting)

    [name_cell] = [cell for cell in sheet[3] if cell.column == 2]
    assert name_cell.value == "=1+2"
    assert name_cell.data_type == "s"
    assert name_cell.quotePrefix
    detail = sheet.cell(row=3, column=12)
    assert detail.data_type == "s"
    assert '=HYPERLINK("http://evil.example","x")' in detail.value


def test_one_review_group_gets_its_own_rows(world, client):
    civil = [world.declaration(specialty=world.civil) for _ in range(2)]
    elec = world.declaration(specialty=world.elec)
    meeting = world.meeting(declarations=[*civil, elec])
    group = meeting.groups.get(specialty=world.elec)
    client.force_login(world.office)

    sheet = summary_sheet(client, meeting, group=group.pk)

    rows = rows_of(sheet)
    assert [row[1] for row in rows] == [elec.applicant.real_name]
    assert "Review group: " in sheet["A1"].value
    whole = rows_of(summary_sheet(client, meeting))
    assert len(whole) == 3


def test_an_unknown_group_is_not_found(world, client):
    meeting = world.meeting()
    client.force_login(world.office)

    for value in ("999999", "x"):
        response = client.get(f"/juries/meetings/{meeting.pk}/summary.xlsx", {"group": value})
        assert response.status_code == 404


def test_each_download_is_recorded_as_a_view_of_the_candidates_data(world, client):
    declarations = [world.declaration(), world.declaration()]
    meeting = world.meeting(declarations=declarations)
    client.force_login(world.office)

    summary_sheet(client, meeting)

    seen = PersonalDataAccess.objects.filter(viewer=world.office, kind="export")
    assert {access.subject_id for access in seen} == {d.applicant_id for d in declarations}
    assert all(f"meeting #{meeting.pk}" in access.item for access in seen)


def report(declaration, findings, inputs=None):
    FindingsReport.objects.create(
        declaration=declaration,
        move="submit",
        findings=findings,
        inputs=inputs or {},
        sha256="0" * 64,
    )


def test_continuing_education_hours_of_each_year_as_the_report_kept_them(world, client):
    declaration = world.declaration()
    report(declaration, [], {"continuing_education": ["2024 · 80.5/90", "2025 · 90/90"]})
    meeting = world.meeting(declarations=[declaration])
    client.force_login(world.office)

    [row] = rows_of(summary_sheet(client, meeting))

    assert row[13] == "2024: 80.5 of 90 hours\n2025: 90 of 90 hours"


def test_continuing_education_as_the_check_found_it_at_submission(world, client):
    """A report made before the hours were kept: what the check found."""
    short, met, unreported = (world.declaration() for _ in range(3))
    report(
        short,
        [
            {
                "code": "ce_hours_short",
                "blocking": True,
                "text": "short",
                "rule": "rule",
                "evidence": {"year": 2025, "certified_total": "40", "required_total": "90"},
            }
        ],
    )
    report(met, [])
    meeting = world.meeting(declarations=[short, met, unreported])
    client.force_login(world.office)

    rows = {row[1]: row for row in rows_of(summary_sheet(client, meeting))}

    assert rows[short.applicant.real_name][13] == "2025: 40 of 90 hours"
    assert rows[met.applicant.real_name][13] == "No shortfall found when submitted"
    assert rows[unreported.applicant.real_name][13] == "—"
