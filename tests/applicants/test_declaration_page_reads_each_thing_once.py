"""The declaration page reads the viewer's roles once (when the request begins, for every
permission check of the page), the title's conditions once for the materials asked and the
findings, however many checks use them, the materials once for the list, the checks and
the reports beside them, and the eligibility checks once for the findings shown and the moves
offered (whether the draft may be submitted)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def reads_of(queries, table: str) -> int:
    return sum(f'FROM "{table}"' in query["sql"] for query in queries)


def test_the_page_reads_the_viewers_roles_and_the_titles_conditions_once(world, client):
    declaration = world.create()
    client.force_login(world.applicant)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/declarations/{declaration.pk}/")

    assert response.status_code == 200
    assert reads_of(captured.captured_queries, "accounts_membership") == 1
    assert reads_of(captured.captured_queries, "titles_evaluationcondition") == 1
    assert reads_of(captured.captured_queries, "applicants_material") == 1


def test_a_draft_s_page_runs_the_eligibility_checks_once_for_its_findings_and_its_moves(
    world, client
):
    declaration = world.create()
    assert declaration.status == "draft"
    client.force_login(world.applicant)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/declarations/{declaration.pk}/")

    assert response.status_code == 200
    # Submitting is what the findings decide: the page offers it.
    assert 'id="action-submit"' in response.content.decode()
    assert reads_of(captured.captured_queries, "applicants_declarationban") == 1


def test_a_role_ended_by_another_request_is_gone_at_the_next_page(world, client):
    declaration = world.create()
    client.force_login(world.applicant)
    assert client.get(f"/declarations/{declaration.pk}/").status_code == 200

    world.applicant.memberships.update(is_active=False)

    # The roles are read again by each request, never kept from an earlier one.
    assert client.get(f"/declarations/{declaration.pk}/").status_code == 404
