"""The declaration page reads the viewer's roles once (when the request begins, for every
permission check of the page), the title's conditions once for the materials asked and the
findings, however many checks use them, the materials once for the list, the checks and
the reports beside them, and the eligibility checks once for the findings shown and the moves
offered (whether the draft may be submitted). The declaration's own rows (work history,
assessments, achievements, village service, materials) are read without joining the
declaration again, which their ordering used to do; the declaration itself, one row by its
key, without ordering (its hundred and more columns through Django's ordering). Its record of
decisions reads of each person and unit the name it shows, not their personal data, and costs
the same number of queries however long it grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def reads_of(queries, table: str) -> int:
    return sum(f'FROM "{table}"' in query["sql"] for query in queries)


def page_and_queries(client, declaration) -> tuple[str, list[dict]]:
    """The declaration's page as the signed-in person sees it, and the queries it made."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/declarations/{declaration.pk}/")
    assert response.status_code == 200
    return response.content.decode(), captured.captured_queries


def test_the_page_reads_the_viewers_roles_and_the_titles_conditions_once(world, client):
    declaration = world.create()
    client.force_login(world.applicant)

    _html, queries = page_and_queries(client, declaration)

    assert reads_of(queries, "accounts_membership") == 1
    assert reads_of(queries, "titles_evaluationcondition") == 1
    assert reads_of(queries, "applicants_material") == 1


def test_a_draft_s_page_runs_the_eligibility_checks_once_for_its_findings_and_its_moves(
    world, client
):
    declaration = world.create()
    assert declaration.status == "draft"
    client.force_login(world.applicant)

    html, queries = page_and_queries(client, declaration)

    # Submitting is what the findings decide: the page offers it.
    assert 'id="action-submit"' in html
    assert reads_of(queries, "applicants_declarationban") == 1


def test_a_role_ended_by_another_request_is_gone_at_the_next_page(world, client):
    declaration = world.create()
    client.force_login(world.applicant)
    assert client.get(f"/declarations/{declaration.pk}/").status_code == 200

    world.applicant.memberships.update(is_active=False)

    # The roles are read again by each request, never kept from an earlier one.
    assert client.get(f"/declarations/{declaration.pk}/").status_code == 404


CHILD_TABLES = (
    "applicants_workhistoryentry",
    "applicants_annualassessment",
    "applicants_achievement",
    "applicants_villageserviceperiod",
    "applicants_material",
)


def test_the_declaration_s_own_rows_are_read_without_joining_the_declaration(world, client):
    declaration = world.create()
    client.force_login(world.applicant)

    _html, queries = page_and_queries(client, declaration)

    child_reads = [
        query["sql"]
        for query in queries
        if any(f'FROM "{table}"' in query["sql"] for table in CHILD_TABLES)
    ]
    assert len(child_reads) == len(CHILD_TABLES)
    for sql in child_reads:
        assert 'JOIN "applicants_declaration"' not in sql, sql


def test_the_declaration_is_read_by_its_key_without_ordering(world, client):
    declaration = world.create()
    client.force_login(world.applicant)

    _html, queries = page_and_queries(client, declaration)

    (read,) = [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "applicants_declaration"."id"')
        and 'FROM "applicants_declaration"' in query["sql"]
    ]
    assert "ORDER BY" not in read
    assert read.endswith("LIMIT 1")


def test_the_record_of_decisions_reads_names_only_and_as_many_queries_however_long(world, client):
    declaration = world.create(materials=False)
    client.force_login(world.applicant)

    _html, short_queries = page_and_queries(client, declaration)
    world.upload_required_materials(declaration)
    world.upload_required_materials(declaration)
    html, long_queries = page_and_queries(client, declaration)

    assert len(long_queries) == len(short_queries)
    trail_reads = [q["sql"] for q in long_queries if 'FROM "applicants_auditrecord"' in q["sql"]]
    assert len(trail_reads) == 1
    assert '"accounts_user"."real_name"' in trail_reads[0]
    assert '"accounts_user"."id_number"' not in trail_reads[0]
    assert '"accounts_user"."phone"' not in trail_reads[0]
    trail = html[html.index('id="timeline"') :]
    assert trail.count(world.applicant.real_name) >= 2
