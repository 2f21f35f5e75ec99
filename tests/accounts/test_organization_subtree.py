"""A user sees and creates organizations only in their own subtree: everything else is
invisible (404) to the API and the pages, and refused by the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Organization
from accounts.selectors import visible_accounts, visible_organizations
from accounts.services import create_organization
from fixtures.demo_cycle import credit_code

Kind = Organization.Kind


def names(organizations):
    return {organization.name for organization in organizations}


def test_a_bureau_sees_its_own_subtree_only(tree):
    assert names(visible_organizations(tree.bureau)) == {
        "甲市人社局",
        "甲市卫健委",
        "甲市人民医院",
        "甲市建设集团",
        "甲市工程评委会办公室",
    }


def test_a_department_sees_its_units_and_an_employer_hr_its_own_unit(tree):
    assert names(visible_organizations(tree.department_reviewer)) == {"甲市卫健委", "甲市人民医院"}
    assert names(visible_organizations(tree.company_hr)) == {"甲市建设集团"}
    assert names(visible_organizations(tree.applicant)) == set()


def test_accounts_are_visible_through_their_organizations(tree):
    assert {user.username for user in visible_accounts(tree.company_hr)} == {
        "company_hr",
        "applicant",
    }
    assert "stranger" not in {user.username for user in visible_accounts(tree.bureau)}
    assert "bureau" not in {user.username for user in visible_accounts(tree.stranger)}


def test_the_api_lists_the_subtree_and_answers_404_for_a_strangers_organization(client, tree):
    client.force_login(tree.bureau)

    listed = client.get("/api/v1/organizations/").json()
    assert {row["name"] for row in listed["results"]} == names(visible_organizations(tree.bureau))

    assert client.get(f"/api/v1/organizations/{tree.company.pk}/").status_code == 200
    assert client.get(f"/api/v1/organizations/{tree.other_company.pk}/").status_code == 404
    assert client.get(f"/api/v1/organizations/{tree.province.pk}/").status_code == 404


def test_the_api_does_not_create_under_a_strangers_organization(client, tree):
    client.force_login(tree.bureau)

    response = client.post(
        "/api/v1/organizations/",
        {
            "parent": tree.other_city.pk,
            "name": "越权单位",
            "kind": Kind.ENTERPRISE,
            "credit_code": credit_code(901),
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["parent"]
    assert not Organization.objects.filter(name="越权单位").exists()


def test_the_api_creates_under_the_callers_subtree(client, tree):
    client.force_login(tree.bureau)

    response = client.post(
        "/api/v1/organizations/",
        {
            "parent": tree.department.pk,
            "name": "甲市中医院",
            "kind": Kind.PUBLIC_INSTITUTION,
            "credit_code": credit_code(902),
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    created = Organization.objects.get(pk=response.json()["id"])
    assert created.is_within(tree.department) and created.is_within(tree.city)
    assert response.json()["parent"] == tree.department.pk


def test_the_service_refuses_a_strangers_subtree(tree):
    with pytest.raises(PermissionDenied):
        create_organization(
            actor=tree.bureau,
            parent=tree.other_city,
            name="越权单位",
            kind=Kind.ENTERPRISE,
            credit_code=credit_code(903),
        )


def test_a_department_creates_units_below_it_but_nothing_else(tree):
    unit = create_organization(
        actor=tree.department_reviewer,
        parent=tree.department,
        name="甲市妇幼保健院",
        kind=Kind.PUBLIC_INSTITUTION,
        credit_code=credit_code(904),
    )
    assert unit.parent == tree.department

    with pytest.raises(PermissionDenied):
        create_organization(
            actor=tree.department_reviewer,
            parent=tree.department,
            name="卫生系列评委会办公室",
            kind=Kind.JURY_OFFICE,
            credit_code=credit_code(905),
        )
    with pytest.raises(PermissionDenied):
        create_organization(
            actor=tree.department_reviewer,
            parent=tree.city,
            name="甲市另一家医院",
            kind=Kind.PUBLIC_INSTITUTION,
            credit_code=credit_code(906),
        )


def test_an_employer_hr_creates_no_organization(tree):
    with pytest.raises(PermissionDenied):
        create_organization(
            actor=tree.company_hr,
            parent=tree.company,
            name="分公司评委会办公室",
            kind=Kind.JURY_OFFICE,
            credit_code=credit_code(907),
        )


def test_a_kind_that_cannot_sit_there_is_refused(tree):
    with pytest.raises(ValidationError) as refused:
        create_organization(
            actor=tree.bureau,
            parent=tree.department,
            name="错误层级",
            kind=Kind.CITY_BUREAU,
            credit_code=credit_code(908),
        )
    assert "kind" in refused.value.message_dict


def test_the_pages_answer_404_for_a_strangers_organization(client, tree):
    client.force_login(tree.bureau)

    assert client.get(f"/manage/organizations/{tree.company.pk}/").status_code == 200
    assert client.get(f"/manage/organizations/{tree.other_company.pk}/").status_code == 404
    posted = client.post(
        f"/manage/organizations/{tree.other_company.pk}/",
        {"role": "employer_hr", "real_name": "越权", "email": "x@example.test"},
    )
    assert posted.status_code == 404


def test_the_tree_page_shows_the_subtree_and_offers_only_its_parents(client, tree):
    client.force_login(tree.bureau)

    response = client.get("/manage/organizations/")

    page = response.content.decode()
    assert "甲市人民医院" in page and "甲市建设集团" in page
    assert "乙市" not in page and "示范省人社厅" not in page
    parents = set(response.context["form"].fields["parent"].queryset)
    assert tree.city in parents and tree.other_city not in parents


def test_the_tree_page_form_does_not_accept_a_strangers_parent(client, tree):
    client.force_login(tree.bureau)

    response = client.post(
        "/manage/organizations/",
        {
            "parent": tree.other_city.pk,
            "kind": Kind.ENTERPRISE,
            "name": "越权单位",
            "credit_code": credit_code(909),
        },
    )

    assert response.status_code == 400
    assert "parent" in response.context["form"].errors
    assert not Organization.objects.filter(name="越权单位").exists()


def test_the_tree_page_creates_an_organization_and_opens_it(client, tree):
    client.force_login(tree.bureau)

    response = client.post(
        "/manage/organizations/",
        {
            "parent": tree.city.pk,
            "kind": Kind.ENTERPRISE,
            "name": "甲市水务集团",
            "credit_code": credit_code(910),
        },
        follow=True,
    )

    created = Organization.objects.get(name="甲市水务集团")
    assert response.redirect_chain[-1][0] == f"/manage/organizations/{created.pk}/"
    assert "甲市水务集团" in response.content.decode()
    assert created.is_within(tree.city)


def test_an_employer_hr_sees_only_its_unit_on_the_tree_page(client, tree):
    client.force_login(tree.company_hr)

    response = client.get("/manage/organizations/")

    assert [organization for organization, _depth in response.context["organizations"]] == [
        tree.company
    ]
    assert not response.context["can_create"]


def test_someone_who_manages_nothing_is_refused_the_tree_page(client, tree):
    client.force_login(tree.applicant)

    assert client.get("/manage/organizations/").status_code == 403


def test_the_menu_leads_managers_to_their_pages(tree):
    from core.menu import menu_for

    def menu(user):
        return [url_name for _label, url_name in menu_for(user.memberships.get())]

    assert "manage:organizations" in menu(tree.bureau)
    assert "manage:organizations" in menu(tree.department_reviewer)
    assert "manage:applicants" in menu(tree.company_hr)
    assert "manage:organizations" not in menu(tree.applicant)
    assert "manage:applicants" not in menu(tree.applicant)
