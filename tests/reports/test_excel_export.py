"""The Excel export: one workbook, a sheet per figure with the page's figures; a unit name
that looks like a formula stays text."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from quotas.models import PostLevel
from tests.reports.conftest import S


def test_one_sheet_per_figure_with_the_figures_of_the_page(world, client):
    odd = world.organization(world.city_a, '=HYPERLINK("http://example.com")', "enterprise")
    world.declaration(world.plan_a, odd, S.PASSED)
    world.declaration(world.plan_a, odd, S.FAILED)
    world.declaration(world.plan_a, world.hospital, S.CERTIFIED)
    world.post_data(world.hospital, 2026, PostLevel.DEPUTY_SENIOR, approved=40, hired=36)
    client.force_login(world.bureau_a)

    response = client.get(reverse("reports:export"), {"year": 2026})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="statistics-2026.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == [
        "Stages",
        "Pass rate by series",
        "Pass rate by level",
        "Pass rate by employer",
        "Post quotas",
        "Continuing education",
        "Certificates",
    ]
    stages = list(workbook["Stages"].iter_rows(values_only=True))
    assert stages[0][0] == "Declarations per stage · 2026"
    assert stages[1] == ("Stage", "Declarations")
    assert ("Passed", 1) in stages and ("Failed", 1) in stages and ("Certified", 1) in stages

    employers = workbook["Pass rate by employer"]
    rows = list(employers.iter_rows(values_only=True))
    assert rows[1] == ("Employer", "Reviewed", "Passed", "Failed", "Pass rate")
    by_name = {row[0]: row[1:] for row in rows[2:]}
    assert by_name['=HYPERLINK("http://example.com")'] == (2, 1, 1, 0.5)
    assert by_name["甲市人民医院"] == (1, 1, 0, 1)
    odd_cell = next(c for c in employers["A"] if c.value == '=HYPERLINK("http://example.com")')
    assert odd_cell.data_type == "s"  # text, not a formula
    rate = employers.cell(row=odd_cell.row, column=5)
    assert rate.number_format == "0.0%"

    quotas = list(workbook["Post quotas"].iter_rows(values_only=True))
    assert quotas[2] == (
        "甲市人民医院",
        "Deputy senior posts",
        40,
        36,
        4,
        "Within approved posts",
        4,
        0,
        4,
    )


def test_an_offices_export_of_one_plan_has_no_quota_sheet(world, client):
    world.declaration(world.plan_a, world.hospital, S.QUALIFIED)
    client.force_login(world.office_a)

    response = client.get(reverse("reports:export"), {"plan": world.plan_a.pk})

    assert f'filename="statistics-plan-{world.plan_a.pk}.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert "Post quotas" not in workbook.sheetnames
    stages = list(workbook["Stages"].iter_rows(values_only=True))
    assert stages[0][0] == "Declarations per stage · 甲市2026工程"
    assert ("Qualified for review", 1) in stages
