from datetime import date

import pytest

from accounts.models import Organization, Role
from fixtures.demo_cycle import resident_id
from tests.factories import AccountFactory, OrganizationFactory
from titles.models import Level

Kind = Organization.Kind


@pytest.fixture
def english(client):
    """UI strings in English, so that assertions do not depend on the Chinese catalogue."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def plan_data(demo):
    """What a bureau sends for a valid 2027 engineering plan run by the demo jury."""
    engineering = demo["jury"].series
    return {
        "year": 2027,
        "name": "2027年度工程系列中级职称评审",
        "organizer": demo["plan"].organizer,
        "series": engineering,
        "titles": [engineering.titles.get(level=Level.INTERMEDIATE)],
        "jury": demo["jury"],
        "declaration_opens": date(2027, 3, 1),
        "declaration_closes": date(2027, 3, 31),
        "unit_recommendation_deadline": date(2027, 4, 15),
        "qualification_check_deadline": date(2027, 5, 14),
        "achievement_cutoff": date(2026, 12, 31),
    }


@pytest.fixture
def jury_in_office(demo):
    """The demo jury, approved for a term covering any date a test picks around today."""
    jury = demo["jury"]
    jury.approved_on, jury.valid_until = date(2000, 1, 1), date(2099, 12, 31)
    jury.save()
    return jury


def as_json(data):
    """The same plan data as an API caller sends it."""
    converted = {}
    for key, value in data.items():
        if hasattr(value, "pk"):
            converted[key] = value.pk
        elif isinstance(value, list):
            converted[key] = [item.pk for item in value]
        elif isinstance(value, date):
            converted[key] = value.isoformat()
        else:
            converted[key] = value
    return converted


@pytest.fixture
def stranger(db):
    """HR bureau staff, an employer HR and an applicant of another province."""
    bureau = OrganizationFactory(name="邻省人力资源和社会保障厅", kind=Kind.PROVINCE_BUREAU)
    unit = OrganizationFactory(name="邻省设计研究院", kind=Kind.PUBLIC_INSTITUTION, parent=bureau)

    def account(username, organization, role, **extra):
        return AccountFactory(
            username=username,
            organization=organization,
            role=role,
            real_name="外省" + username,
            email="",
            **extra,
        )

    return {
        "bureau": bureau,
        "unit": unit,
        "bureau_user": account("other_bureau", bureau, Role.HR_BUREAU),
        "applicant": account(
            "other_applicant",
            unit,
            Role.APPLICANT,
            id_number=resident_id("630105", date(1990, 7, 1), 17),
        ),
    }


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the product's answers in English; the language a page or API answers
    in is tested in tests/ui and tests/accounts."""
    settings.LANGUAGE_CODE = "en"
