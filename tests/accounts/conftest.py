from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from accounts.applicant_import import build_template
from accounts.models import Organization, Role
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from fixtures.demo_cycle import resident_id
from tests.factories import PASSWORD, AccountFactory, OrganizationFactory  # noqa: F401

Kind = Organization.Kind
VALID_RESIDENT_ID = "11010519491231002X"
VALID_CREDIT_CODE = "91350100M000100Y43"
# The valid sample with its check digit changed.
BAD_RESIDENT_ID = "110105194912310021"
BAD_CREDIT_CODE = "91350100M000100Y44"


def person_id(sequence: int) -> str:
    return resident_id("630102", date(1980, 1, 1), sequence)


@pytest.fixture
def tree(db):
    """Two cities under one province, each with its own bureau staff and units:

    province ─ city ─ department ─ hospital
             │      ├ company
             │      └ jury office
             └ other city ─ other company
    """

    province = OrganizationFactory(name="示范省人社厅", kind=Kind.PROVINCE_BUREAU)
    city = OrganizationFactory(name="甲市人社局", kind=Kind.CITY_BUREAU, parent=province)
    department = OrganizationFactory(name="甲市卫健委", kind=Kind.DEPARTMENT, parent=city)
    hospital = OrganizationFactory(
        name="甲市人民医院", kind=Kind.PUBLIC_INSTITUTION, parent=department
    )
    company = OrganizationFactory(name="甲市建设集团", kind=Kind.ENTERPRISE, parent=city)
    office = OrganizationFactory(name="甲市工程评委会办公室", kind=Kind.JURY_OFFICE, parent=city)
    other_city = OrganizationFactory(name="乙市人社局", kind=Kind.CITY_BUREAU, parent=province)
    other_company = OrganizationFactory(
        name="乙市交通集团", kind=Kind.ENTERPRISE, parent=other_city
    )

    def user(username, organization, role, **extra):
        return AccountFactory(username=username, organization=organization, role=role, **extra)

    return SimpleNamespace(
        province=province,
        city=city,
        department=department,
        hospital=hospital,
        company=company,
        office=office,
        other_city=other_city,
        other_company=other_company,
        bureau=user("bureau", city, Role.HR_BUREAU),
        department_reviewer=user("reviewer", department, Role.DEPARTMENT_REVIEWER),
        hospital_hr=user("hospital_hr", hospital, Role.EMPLOYER_HR),
        company_hr=user("company_hr", company, Role.EMPLOYER_HR),
        stranger=user("stranger", other_city, Role.HR_BUREAU),
        other_hr=user("other_hr", other_company, Role.EMPLOYER_HR),
        applicant=user("applicant", company, Role.APPLICANT, id_number=person_id(1)),
    )


@pytest.fixture
def english(client):
    """The language switch set to English, as the language cookie does."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def applicant_row(sequence, **changes):
    row = {
        "real_name": f"申报人{sequence}",
        "id_type": "",
        "id_number": person_id(100 + sequence),
        "phone": f"1390000{sequence:04d}",
        "email": f"person{sequence}@example.test",
        "username": "",
    }
    row.update(changes)
    return row


def xlsx_upload(rows, name="applicants.xlsx"):
    """The downloadable template, filled in with `rows` as a person would in Excel."""
    workbook = load_workbook(BytesIO(build_template()))
    sheet = workbook.worksheets[0]
    fields = ["real_name", "id_type", "id_number", "phone", "email", "username"]
    for row in rows:
        sheet.append([row.get(field, "") for field in fields])
    output = BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type=XLSX_CONTENT_TYPE)
