from datetime import date

import pytest

from accounts.models import Organization, Role
from accounts.services import create_account, create_organization, grant_role
from fixtures.demo_cycle import credit_code, resident_id

PASSWORD = "a-long-test-password"


@pytest.fixture
def organizations(db):
    bureau = create_organization(
        actor=None,
        parent=None,
        name="省人社厅",
        kind=Organization.Kind.PROVINCE_BUREAU,
        credit_code=credit_code(101),
    )
    office = create_organization(
        actor=None,
        parent=bureau,
        name="工程评委会办公室",
        kind=Organization.Kind.JURY_OFFICE,
        credit_code=credit_code(103),
    )
    unit = create_organization(
        actor=None,
        parent=bureau,
        name="示范研究院",
        kind=Organization.Kind.PUBLIC_INSTITUTION,
        credit_code=credit_code(105),
    )
    return {"bureau": bureau, "office": office, "unit": unit}


@pytest.fixture
def make_user(organizations):
    made = []

    def make(username, role=Role.APPLICANT, organization="unit", real_name="张三"):
        made.append(username)
        return create_account(
            id_number=resident_id("630102", date(1980, 1, 1), len(made)),
            actor=None,
            organization=organizations[organization],
            role=role,
            username=username,
            real_name=real_name,
            password=PASSWORD,
        )

    return make


@pytest.fixture
def two_role_user(make_user, organizations):
    """An expert of the jury office who is also HR staff of the institute."""
    user = make_user("wang", role=Role.EMPLOYER_HR, real_name="王五")
    grant_role(actor=None, user=user, organization=organizations["office"], role=Role.EXPERT)
    return user
