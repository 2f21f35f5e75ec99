"""Home-page to-dos from post quotas: forms to approve, forms to file, open flags."""

import pytest
from django.urls import reverse

from quotas.services import recompute_quotas


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_bureau_sees_audit_forms_waiting_and_open_flags(client, world):
    world.post_data(world.school, approved=40, hired=30, approved_form=False)
    flagged = world.institution("示范市超编卫生院")
    world.post_data(flagged, approved=10, hired=10, not_hired=5)
    recompute_quotas(years=[2026])
    client.force_login(world.users["bureau"])

    page = client.get(reverse("home")).content.decode()

    assert "Post-appointment audit forms waiting for approval" in page
    assert "Institutions flagged by the post quota check" in page


def test_an_institution_without_an_approved_form_for_the_open_plan_is_reminded(client, world):
    world.post_data(world.school, approved=40, hired=30, approved_form=False)
    world.post_data(world.school, "intermediate", approved=40, hired=30, approved_form=False)
    client.force_login(world.users["school_hr"])

    page = client.get(reverse("home")).content.decode()

    assert "Post-appointment audit form for 2026: not yet approved" in page


def test_a_department_reads_the_quotas_of_the_units_below_it(client, world):
    recompute_quotas(years=[2026])
    client.force_login(world.users["department"])

    page = client.get(reverse("quotas:overview")).content.decode()

    assert "示范市第一人民医院" in page
    assert "示范市第一中学" not in page
