"""The organizations and accounts API: what a caller sees of themself and of the people below
them, a token for API clients, lists in a constant number of queries, and a warning-free
OpenAPI description."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from accounts.models import Organization, Role
from accounts.services import create_account, create_organization
from fixtures.demo_cycle import credit_code
from tests.accounts.conftest import PASSWORD, person_id


def test_me_shows_the_caller_with_all_their_roles(client, tree):
    client.force_login(tree.bureau)

    me = client.get("/api/v1/me/").json()

    assert me["username"] == "bureau"
    assert [(m["organization_name"], m["role"]) for m in me["memberships"]] == [
        ("甲市人社局", Role.HR_BUREAU)
    ]


def test_a_client_exchanges_its_password_for_a_token(client, tree):
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "company_hr", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]

    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["username"] == "company_hr"

    wrong = client.post(
        "/api/v1/auth/token/",
        {"username": "company_hr", "password": "wrong"},
        content_type="application/json",
    )
    assert wrong.status_code == 400


def test_an_employer_hr_lists_the_people_of_its_unit(client, tree):
    client.force_login(tree.company_hr)

    rows = client.get("/api/v1/accounts/").json()["results"]

    assert {row["username"] for row in rows} == {"company_hr", "applicant"}
    applicant = next(row for row in rows if row["username"] == "applicant")
    assert applicant["memberships"][0]["role"] == Role.APPLICANT
    assert applicant["activated"] is True


def test_a_manager_sees_only_the_roles_held_in_their_subtree(client, tree):
    from accounts.services import grant_role

    grant_role(
        actor=None, user=tree.applicant, organization=tree.other_company, role=Role.EMPLOYER_HR
    )
    client.force_login(tree.company_hr)

    account = client.get(f"/api/v1/accounts/{tree.applicant.pk}/").json()

    assert [m["organization"] for m in account["memberships"]] == [tree.company.pk]


def test_accounts_outside_the_subtree_answer_404(client, tree):
    client.force_login(tree.bureau)

    assert client.get(f"/api/v1/accounts/{tree.applicant.pk}/").status_code == 200
    assert client.get(f"/api/v1/accounts/{tree.other_hr.pk}/").status_code == 404


def test_accounts_filter_by_organization_role_and_name(client, tree):
    client.force_login(tree.bureau)

    def usernames(query):
        return {
            row["username"] for row in client.get(f"/api/v1/accounts/?{query}").json()["results"]
        }

    assert usernames(f"organization={tree.company.pk}") == {"company_hr", "applicant"}
    assert usernames(f"organization={tree.company.pk}&role=applicant") == {"applicant"}
    assert usernames("role=department_reviewer") == {"reviewer"}
    assert usernames("q=hospital") == {"hospital_hr"}


def test_a_bureau_creates_a_staff_account_through_the_api(
    client, tree, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(tree.bureau)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/accounts/",
            {
                "organization": tree.office.pk,
                "role": Role.JURY_OFFICE,
                "real_name": "钱主任",
                "email": "qian@example.test",
                "username": "qian",
            },
            content_type="application/json",
        )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["activated"] is False
    assert [(m["organization"], m["role"]) for m in body["memberships"]] == [
        (tree.office.pk, Role.JURY_OFFICE)
    ]
    assert mail.outbox[0].to == ["qian@example.test"]

    resend = client.post(f"/api/v1/accounts/{body['id']}/resend-activation/")
    assert resend.status_code == 204


def grow(tree, count, start):
    """`count` more organizations, each with an HR and an applicant, below the city."""
    for number in range(start, start + count):
        unit = create_organization(
            actor=None,
            parent=tree.city,
            name=f"单位{number}",
            kind=Organization.Kind.ENTERPRISE,
            credit_code=credit_code(1000 + number),
        )
        for role, suffix in ((Role.EMPLOYER_HR, "hr"), (Role.APPLICANT, "person")):
            create_account(
                actor=None,
                organization=unit,
                role=role,
                username=f"{suffix}{number}",
                real_name=f"{suffix}{number}",
                password=PASSWORD,
                id_number=person_id(200 + number * 2 + (role == Role.APPLICANT)),
            )


@pytest.mark.parametrize("url", ["/api/v1/organizations/", "/api/v1/accounts/", "/api/v1/me/"])
def test_lists_take_a_constant_number_of_queries(client, tree, url, django_assert_max_num_queries):
    client.force_login(tree.bureau)
    grow(tree, 2, start=0)
    with CaptureQueriesContext(connection) as few_rows:
        client.get(url)

    grow(tree, 12, start=2)
    with django_assert_max_num_queries(len(few_rows)):
        response = client.get(url)

    assert response.status_code == 200
    if url != "/api/v1/me/":
        assert response.json()["count"] > 14


def test_the_management_pages_take_a_constant_number_of_queries(
    client, tree, django_assert_max_num_queries
):
    client.force_login(tree.bureau)
    pages = ["/manage/organizations/", f"/manage/organizations/{tree.city.pk}/"]
    grow(tree, 2, start=0)
    counts = {}
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        counts[page] = len(queries)

    grow(tree, 12, start=2)
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            assert client.get(page).status_code == 200


def test_the_openapi_schema_describes_these_endpoints_without_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)

    for path in [
        "/api/v1/organizations/",
        "/api/v1/organizations/{id}/",
        "/api/v1/accounts/",
        "/api/v1/accounts/{id}/",
        "/api/v1/accounts/{id}/resend-activation/",
        "/api/v1/accounts/import/",
        "/api/v1/accounts/import-template/",
        "/api/v1/me/",
        "/api/v1/auth/token/",
    ]:
        assert path in schema["paths"]
    warnings = [
        message
        for message in GENERATOR_STATS._warn_cache
        if "accounts/" in message or "Organization" in message or "Account" in message
    ]
    assert warnings == []
    me = schema["paths"]["/api/v1/me/"]["get"]["responses"]["200"]["content"]
    assert me["application/json"]["schema"] == {"$ref": "#/components/schemas/Me"}
