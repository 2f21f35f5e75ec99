"""A declaration's quota-pool page and API open to the HR bureau only when the bureau may
otherwise see the declaration (once it reached the office of the bureau's plan): the public
institutions below the bureau are no window onto declarations that have not reached it. The
institution's own HR staff open their unit's."""

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Organization, Role
from applicants.models import Declaration
from tests.factories import AccountFactory

S = Declaration.Status


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def answers(client, user, declaration) -> dict:
    client.force_login(user)
    url = f"/api/v1/declaration-quota-pools/{declaration.pk}/"
    return {
        "declaration page": client.get(f"/declarations/{declaration.pk}/").status_code,
        "pool page": client.get(
            reverse("quotas:declaration_pool", args=[declaration.pk])
        ).status_code,
        "pool API": api(user).get(url).status_code,
        "pool API change": api(user)
        .put(url, {"double_orientation": True}, format="json")
        .status_code,
    }


def test_the_bureau_gets_404_for_declarations_that_have_not_reached_it(world, client):
    bureau = world.users["bureau"]
    declarations = {
        "draft": world.declaration(world.school, status=S.DRAFT),
        "submitted to the unit": world.declaration(world.school, status=S.SUBMITTED),
        "in the unit publicity": world.declaration(world.hospital, status=S.IN_UNIT_PUBLICITY),
    }
    Declaration.objects.filter(pk=declarations["submitted to the unit"].pk).update(
        submitted_at=timezone.now()
    )
    for stage, declaration in declarations.items():
        assert answers(client, bureau, declaration) == {
            "declaration page": 404,
            "pool page": 404,
            "pool API": 404,
            "pool API change": 404,
        }, stage


def test_the_bureau_opens_the_pool_once_the_declaration_reached_it(world, client):
    bureau = world.users["bureau"]
    declaration = world.declaration(world.school, status=S.RECOMMENDED)
    now = timezone.now()
    Declaration.objects.filter(pk=declaration.pk).update(
        submitted_at=now, recommended_at=now, forwarded_to_office_at=now
    )

    client.force_login(bureau)
    assert client.get(f"/declarations/{declaration.pk}/").status_code == 200
    assert client.get(reverse("quotas:declaration_pool", args=[declaration.pk])).status_code == 200
    body = api(bureau).get(f"/api/v1/declaration-quota-pools/{declaration.pk}/").json()
    assert (body["declaration"], body["limited"]) == (declaration.pk, True)


def test_the_institutions_own_hr_staff_open_their_units_pools_only(world, client):
    declaration = world.declaration(world.school)
    school_hr, hospital_hr = world.users["school_hr"], world.users["hospital_hr"]

    client.force_login(school_hr)
    assert client.get(reverse("quotas:declaration_pool", args=[declaration.pk])).status_code == 200
    assert (
        api(school_hr).get(f"/api/v1/declaration-quota-pools/{declaration.pk}/").status_code == 200
    )
    assert answers(client, hospital_hr, declaration)["pool page"] == 404
    assert answers(client, hospital_hr, declaration)["pool API"] == 404


def test_a_bureau_elsewhere_never_opens_it(world, client):
    elsewhere = world.institution(
        "邻市人社局", kind=Organization.Kind.CITY_BUREAU, parent=world.bureau_org.parent
    )
    stranger = AccountFactory(
        organization=elsewhere, role=Role.HR_BUREAU, username="other-bureau", real_name="外局"
    )
    declaration = world.declaration(world.school, status=S.RECOMMENDED)
    now = timezone.now()
    Declaration.objects.filter(pk=declaration.pk).update(
        submitted_at=now, recommended_at=now, forwarded_to_office_at=now
    )
    assert answers(client, stranger, declaration)["pool page"] == 404
    assert answers(client, stranger, declaration)["pool API"] == 404
