"""Who sees which statistics: a bureau its subtree, the province everything below it, an office
only its own plans (another office's plan does not exist for it), and anyone else nothing."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.reports.conftest import S, figure, figures_for, table

PAGES = ["reports:overview", "reports:export"]


@pytest.fixture
def busy_world(world):
    world.declarations(2, world.plan_a, world.hospital, S.QUALIFIED)
    world.declarations(3, world.plan_b, world.school, S.QUALIFIED)
    return world


def qualified(user, **filters):
    return table(figure(figures_for(user, **filters), "stages"))["Qualified for review"][0]


def test_each_role_counts_its_own_plans(busy_world):
    world = busy_world
    assert qualified(world.bureau_a, year=2026) == 2
    assert qualified(world.bureau_b, year=2026) == 3
    assert qualified(world.admin, year=2026) == 5  # the province, both cities
    assert qualified(world.office_a, year=2026) == 2
    assert qualified(world.office_b, year=2026) == 3


def test_an_office_chooses_among_its_own_plans_only(busy_world, client):
    world = busy_world
    client.force_login(world.office_a)

    page = client.get(reverse("reports:overview"), {"year": 2026}).content.decode()

    assert f'<option value="{world.plan_a.pk}"' in page
    assert f'<option value="{world.plan_b.pk}"' not in page
    assert "乙市2026卫生" not in page


@pytest.mark.parametrize("page", PAGES)
def test_another_offices_plan_does_not_exist_for_an_office(busy_world, client, page):
    client.force_login(busy_world.office_a)

    response = client.get(reverse(page), {"plan": busy_world.plan_b.pk})

    assert response.status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_another_citys_plan_does_not_exist_for_a_bureau(busy_world, client, page):
    client.force_login(busy_world.bureau_b)

    assert client.get(reverse(page), {"plan": busy_world.plan_a.pk}).status_code == 404
    assert client.get(reverse(page), {"plan": busy_world.plan_b.pk}).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_other_roles_are_refused(busy_world, client, page):
    client.force_login(busy_world.hospital_hr)

    assert client.get(reverse(page)).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, world, page):
    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_menu_offers_statistics_to_bureaus_admins_and_offices_only(world, client):
    for user, offered in [
        (world.bureau_a, True),
        (world.admin, True),
        (world.office_a, True),
        (world.hospital_hr, False),
    ]:
        client.force_login(user)
        home = client.get("/").content.decode()
        assert (f'href="{reverse("reports:overview")}"' in home) is offered, user.username


def test_a_superuser_sees_everything(busy_world):
    superuser = User.objects.create(username="root", real_name="root", is_superuser=True)

    assert qualified(superuser, year=2026) == 5
