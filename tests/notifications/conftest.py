from datetime import date

import pytest

from accounts.models import Organization, Role
from fixtures.demo_cycle import resident_id
from tests.factories import AccountFactory, OrganizationFactory

Kind = Organization.Kind


@pytest.fixture
def unit(db):
    bureau = OrganizationFactory(name="省人社厅", kind=Kind.PROVINCE_BUREAU)
    return OrganizationFactory(name="示范研究院", kind=Kind.PUBLIC_INSTITUTION, parent=bureau)


@pytest.fixture
def make_user(unit):
    made = []

    def make(username, *, email="", language="zh-hans", role=Role.APPLICANT):
        made.append(username)
        user = AccountFactory(
            id_number=resident_id("630102", date(1980, 1, 1), len(made)),
            organization=unit,
            role=role,
            username=username,
            real_name=f"{username}姓名",
            email=email,
        )
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        return user

    return make
