"""The home page reads the signed-in person once (their roles carry them, so no panel or to-do
reads them again) and the current plans in one query with only what the panel shows; the
panel still lists the plan with its dates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def reads_of(queries, table: str) -> int:
    """Queries that read rows of `table` itself (not through a subquery)."""
    return sum(query["sql"].startswith(f'SELECT "{table}".') for query in queries)


@pytest.mark.parametrize("role", ["applicant", "employer", "office", "bureau"])
def test_the_home_page_reads_the_person_once_and_the_plans_in_one_query(client, demo, role):
    client.force_login(demo["users"][role])

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    # With their roles, in one query (tests/accounts/test_person_read_with_roles.py).
    assert sum('"accounts_user"."password"' in q["sql"] for q in captured.captured_queries) == 1
    panel = [
        q["sql"] for q in captured.captured_queries if "titles_evaluationplan_titles" in q["sql"]
    ]
    assert panel == []
    assert 'id="plans-heading"' in page and demo["plan"].name in page
