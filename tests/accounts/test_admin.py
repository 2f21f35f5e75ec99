"""The Django admin lists people, organizations and roles, and creates organizations and
roles through the same rules as the product."""

import pytest

from accounts.models import Membership, Organization, Role, User
from fixtures.demo_cycle import credit_code


@pytest.fixture
def superuser(tree):
    user = User.objects.create_superuser("root", "root@example.test", "a-long-test-password")
    user.real_name = "系统管理员"
    user.save()
    return user


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/organization/",
        "/admin/accounts/organization/add/",
        "/admin/accounts/membership/",
        "/admin/accounts/membership/add/",
    ],
)
def test_the_admin_pages_open(client, superuser, url):
    client.force_login(superuser)

    assert client.get(url).status_code == 200


def test_a_users_page_shows_the_identity_fields(client, superuser, tree):
    client.force_login(superuser)

    page = client.get(f"/admin/accounts/user/{tree.applicant.pk}/change/").content.decode()

    assert 'name="real_name"' in page and 'name="id_number"' in page and 'name="phone"' in page


def test_an_organization_added_in_the_admin_gets_its_place_in_the_tree(client, superuser, tree):
    client.force_login(superuser)

    response = client.post(
        "/admin/accounts/organization/add/",
        {
            "name": "甲市第二中学",
            "kind": Organization.Kind.PUBLIC_INSTITUTION,
            "credit_code": credit_code(950),
            "parent": tree.city.pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    created = Organization.objects.get(name="甲市第二中学")
    assert created.path == f"{tree.city.path}{created.pk}/"


def test_the_admin_refuses_a_role_an_applicant_may_not_hold(client, superuser, tree):
    client.force_login(superuser)

    response = client.post(
        "/admin/accounts/membership/add/",
        {
            "user": tree.applicant.pk,
            "organization": tree.company.pk,
            "role": Role.EMPLOYER_HR,
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert not Membership.objects.filter(user=tree.applicant, role=Role.EMPLOYER_HR).exists()
