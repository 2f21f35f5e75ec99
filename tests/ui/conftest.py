from datetime import date

import pytest

from accounts.models import Organization, Role
from accounts.services import grant_role
from fixtures.demo_cycle import resident_id
from tests.factories import PASSWORD, AccountFactory, OrganizationFactory  # noqa: F401

Kind = Organization.Kind


@pytest.fixture
def organizations(db):
    bureau = OrganizationFactory(name="省人社厅", kind=Kind.PROVINCE_BUREAU)
    office = OrganizationFactory(name="工程评委会办公室", kind=Kind.JURY_OFFICE, parent=bureau)
    unit = OrganizationFactory(name="示范研究院", kind=Kind.PUBLIC_INSTITUTION, parent=bureau)
    return {"bureau": bureau, "office": office, "unit": unit}


@pytest.fixture
def make_user(organizations):
    made = []

    def make(username, role=Role.APPLICANT, organization="unit", real_name="张三"):
        made.append(username)
        return AccountFactory(
            id_number=resident_id("630102", date(1980, 1, 1), len(made)),
            organization=organizations[organization],
            role=role,
            username=username,
            real_name=real_name,
            email="",
        )

    return make


@pytest.fixture
def two_role_user(make_user, organizations):
    """An expert of the jury office who is also HR staff of the institute."""
    user = make_user("wang", role=Role.EMPLOYER_HR, real_name="王五")
    grant_role(actor=None, user=user, organization=organizations["office"], role=Role.EXPERT)
    return user
