"""The office exports the roster of qualification evaluation objects of a plan to Excel;
cells that look like formulas stay text; nobody else gets the file."""

from io import BytesIO

from openpyxl import load_workbook

from applicants.models import Declaration
from core.masking import mask_id_number

S = Declaration.Status


def _rows(content):
    sheet = load_workbook(BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def test_the_office_exports_the_qualified_declarations_of_its_plan(world, client, api):
    qualified = world.advance(world.create(), S.QUALIFIED)
    world.advance(world.create(applicant=world.school_applicant), S.RECOMMENDED)  # not yet checked
    client.force_login(world.office)
    response = client.get(f"/declarations/plans/{world.plan.pk}/roster.xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    rows, _sheet = _rows(response.content)
    assert rows[0][0] == world.plan.name
    body = rows[2:]
    assert len(body) == 1
    assert body[0][0] == 1
    assert body[0][1] == qualified.applicant.real_name
    assert body[0][3] == mask_id_number(qualified.applicant.id_number)  # whole: on request
    assert body[0][11] == "高级工程师"
    assert body[0][2] in ("男", "Male")  # the demo applicant's ID number is a man's

    by_api = api(world.office).get("/api/v1/declarations/roster/", {"plan": world.plan.pk})
    assert by_api.status_code == 200
    assert _rows(by_api.content)[0][2:] == body


def test_formula_like_cells_are_written_as_text(world, client):
    declaration = world.create(field_of_study='=HYPERLINK("http://evil","x")')
    world.advance(declaration, S.QUALIFIED)
    world.applicant.real_name = "@SUM(1+1)"
    world.applicant.save()
    client.force_login(world.office)
    content = client.get(f"/declarations/plans/{world.plan.pk}/roster.xlsx").content
    rows, sheet = _rows(content)
    assert rows[2][1] == "@SUM(1+1)"
    assert rows[2][6] == '=HYPERLINK("http://evil","x")'
    assert sheet.cell(row=3, column=7).data_type == "s"
    assert b"<f>" not in _sheet_xml(content)


def test_others_cannot_export_the_roster(world, client, api):
    for user in (world.employer, world.applicant, world.department, world.expert):
        client.force_login(user)
        assert client.get(f"/declarations/plans/{world.plan.pk}/roster.xlsx").status_code == 404
        assert (
            api(user).get("/api/v1/declarations/roster/", {"plan": world.plan.pk}).status_code
            == 404
        )


def _sheet_xml(content):
    from zipfile import ZipFile

    with ZipFile(BytesIO(content)) as archive:
        return b"".join(
            archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")
        )
