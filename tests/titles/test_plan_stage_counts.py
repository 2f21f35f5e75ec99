"""The plan page shows the bureau how many of the plan's declarations stand at each stage,
counted in one query, each count a link to the declarations list filtered by plan and status."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.models import Declaration
from tests.factories import DeclarationFactory
from titles.stage_counts import stage_counts


def test_counts_per_status_link_to_the_filtered_list(demo, client):
    plan, bureau = demo["plan"], demo["users"]["bureau"]
    unit = demo["users"]["employer"].memberships.get().organization
    before = {s["status"]: s["count"] for s in stage_counts(plan)}
    DeclarationFactory.create_batch(
        2, plan=plan, employer=unit, status=Declaration.Status.QUALIFIED
    )

    client.cookies["django_language"] = "en"
    client.force_login(bureau)
    page = client.get(f"/titles/plans/{plan.pk}/").content.decode()

    qualified = before.get("qualified", 0) + 2
    assert "Declarations by stage" in page
    assert f"/declarations/?plan={plan.pk}&amp;status=qualified" in page
    assert f"{Declaration.Status.QUALIFIED.label} <strong>{qualified}</strong>" in page


def test_one_query_however_many_declarations(demo):
    plan = demo["plan"]
    unit = demo["users"]["employer"].memberships.get().organization
    DeclarationFactory.create_batch(3, plan=plan, employer=unit, status=Declaration.Status.FILED)
    with CaptureQueriesContext(connection) as queries:
        stage_counts(plan)
    assert len(queries) == 1


def test_the_applicant_sees_no_counts(demo, client):
    client.force_login(demo["users"]["applicant"])
    response = client.get(f"/titles/plans/{demo['plan'].pk}/")
    assert response.status_code in (200, 404)
    assert "stages-heading" not in response.content.decode()
