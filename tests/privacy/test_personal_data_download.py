"""A person downloads everything held about them (PIPL art. 45), as JSON and as Excel."""

import json
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from applicants.models import Declaration
from continuing_ed.models import SubjectKind
from continuing_ed.services import claim_hours
from tests.privacy.conftest import signed_in


def test_the_download_holds_declarations_materials_hours_certificates_and_views(world):
    declaration = world.advance(world.create(), Declaration.Status.QUALIFICATION_CHECK)
    signed_in(world.office).get(f"/declarations/{declaration.pk}/")
    claim_hours(
        person=world.applicant,
        year=2025,
        activity="桥梁检测新技术培训",
        subject_kind=SubjectKind.PROFESSIONAL,
        hours="24",
        ended_on=date(2025, 6, 30),
    )
    person = signed_in(world.applicant)

    response = person.get("/privacy/my-data.json")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["account"]["username"] == world.applicant.username
    assert data["account"]["id_number"] == world.applicant.id_number
    [held] = data["declarations"]
    assert held["id"] == declaration.pk
    assert held["status"] == "qualification_check"
    assert {m["file_name"] for m in held["materials"]} == {
        m.original_name for m in declaration.materials.all()
    }
    assert held["work_history"][0]["organization"] == "示范建设公司"
    assert [(h["activity"], h["hours"]) for h in data["credit_hours"]] == [
        ("桥梁检测新技术培训", "24.0")
    ]
    assert "certificates" in data and "messages" in data
    assert data["seen_by"][0]["what"] == "declaration"
    assert "Jury office staff" in data["seen_by"][0]["by"]


def test_the_excel_download_has_a_sheet_per_kind_of_data(world):
    world.create()
    response = signed_in(world.applicant).get("/privacy/my-data.xlsx")

    workbook = load_workbook(BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == [
        "Account",
        "Roles",
        "Declarations",
        "Proof materials",
        "Credit hours",
        "Exams",
        "Certificates",
        "Messages",
        "Erasure requests",
        "Who saw my data",
    ]
    rows = list(workbook["Account"].iter_rows(values_only=True))
    assert rows[1][0] == world.applicant.username


def test_someone_elses_data_cannot_be_downloaded(world):
    response = signed_in(world.office).get("/privacy/my-data.json")
    data = json.loads(response.content)
    assert data["account"]["username"] == world.office.username
    assert data["declarations"] == []
