from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from accounts.applicant_import import build_template
from accounts.models import Organization, Role
from accounts.services import create_account, create_organization
from config.spreadsheets import XLSX_CONTENT_TYPE
from fixtures.demo_cycle import credit_code, resident_id

Kind = Organization.Kind
PASSWORD = "a-long-test-password"
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

    def org(name, kind, parent, seed):
        return create_organization(
            actor=None, parent=parent, name=name, kind=kind, credit_code=credit_code(seed)
        )

    province = org("示范省人社厅", Kind.PROVINCE_BUREAU, None, 201)
    city = org("甲市人社局", Kind.CITY_BUREAU, province, 203)
    department = org("甲市卫健委", Kind.DEPARTMENT, city, 205)
    hospital = org("甲市人民医院", Kind.PUBLIC_INSTITUTION, department, 207)
    company = org("甲市建设集团", Kind.ENTERPRISE, city, 208)
    office = org("甲市工程评委会办公室", Kind.JURY_OFFICE, city, 209)
    other_city = org("乙市人社局", Kind.CITY_BUREAU, province, 211)
    other_company = org("乙市交通集团", Kind.ENTERPRISE, other_city, 212)

    def user(username, organization, role, **extra):
        return create_account(
            actor=None,
            organization=organization,
            role=role,
            username=username,
            real_name=f"{username} 姓名",
            password=PASSWORD,
            email=f"{username}@example.test",
            **extra,
        )

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
