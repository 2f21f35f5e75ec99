"""A signed-in page reads the person of the session and their active roles in one query
(accounts/backends.py): the roles the pages check come with them, and a person without any
role, or whose account was closed, is treated as before."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership


def reads_of_person(queries) -> int:
    return sum('"accounts_user"."password"' in query["sql"] for query in queries)


def reads_of_roles(queries) -> int:
    return sum(query["sql"].startswith('SELECT "accounts_membership".') for query in queries)


def test_the_person_and_their_roles_are_read_in_one_query(client, demo):
    bureau = demo["users"]["bureau"]
    client.force_login(bureau)

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")

    assert response.status_code == 200
    assert reads_of_person(captured.captured_queries) == 1
    assert reads_of_roles(captured.captured_queries) == 1
    (read,) = [
        q["sql"] for q in captured.captured_queries if '"accounts_user"."password"' in q["sql"]
    ]
    assert read.startswith('SELECT "accounts_membership".')
    role = Membership.objects.get(user=bureau, is_active=True)
    assert response.context["membership"] == role
    assert role.organization.name in response.content.decode()


def test_a_person_without_an_active_role_still_signs_in(client, demo):
    applicant = demo["users"]["applicant"]
    Membership.objects.filter(user=applicant).update(is_active=False)
    client.force_login(applicant)

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["user"] == applicant
    assert response.context["membership"] is None


def test_a_closed_account_is_signed_out_at_its_next_page(client, demo):
    employer = demo["users"]["employer"]
    client.force_login(employer)
    assert client.get("/").context["user"] == employer

    employer.is_active = False
    employer.save(update_fields=["is_active"])

    response = client.get("/")
    assert not response.wsgi_request.user.is_authenticated
