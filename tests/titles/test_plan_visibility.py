"""Who sees which plan: bureau staff the plans organized in their subtree, the jury office
those of its juries, experts those of the juries they sit on, employers, departments and
applicants the published plans of the organizers above them; nobody else."""

import pytest

from titles import services
from titles.models import EvaluationPlan


@pytest.fixture
def draft(demo, plan_data):
    return services.create_plan(actor=demo["users"]["bureau"], **plan_data)


def api_plan_ids(client, user):
    client.force_login(user)
    response = client.get("/api/v1/plans/")
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "username",
    ["bureau", "admin", "office", "expert", "employer", "hospital_hr", "department", "applicant"],
)
def test_every_demo_role_sees_the_open_demo_plan(client, demo, username):
    assert demo["plan"].pk in api_plan_ids(client, demo["users"][username])


@pytest.mark.parametrize("username", ["bureau", "office"])
def test_drafts_are_seen_by_the_bureau_and_the_jury_office(client, demo, draft, username):
    assert draft.pk in api_plan_ids(client, demo["users"][username])


@pytest.mark.parametrize("username", ["employer", "department", "applicant"])
def test_drafts_are_not_published_to_employers_and_applicants(client, demo, draft, username):
    assert draft.pk not in api_plan_ids(client, demo["users"][username])
    response = client.get(f"/api/v1/plans/{draft.pk}/")
    assert response.status_code == 404


def test_a_stranger_gets_404_for_another_provinces_plan(client, demo, stranger):
    plan = demo["plan"]
    for user in (stranger["bureau_user"], stranger["applicant"]):
        assert api_plan_ids(client, user) == set()
        assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 404
        assert client.get(f"/titles/plans/{plan.pk}/").status_code == 404
    # Bureau staff may run plans, but not one they cannot see.
    client.force_login(stranger["bureau_user"])
    assert client.post(f"/api/v1/plans/{plan.pk}/close/").status_code == 404
    assert client.post(f"/titles/plans/{plan.pk}/close/").status_code == 404
    plan.refresh_from_db()
    assert plan.status == EvaluationPlan.Status.OPEN


def test_an_employer_sees_but_cannot_run_a_plan(client, demo):
    client.force_login(demo["users"]["employer"])
    plan = demo["plan"]

    assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 200
    assert client.post(f"/api/v1/plans/{plan.pk}/close/").status_code == 403
    plan.refresh_from_db()
    assert plan.status == EvaluationPlan.Status.OPEN


def test_a_plan_of_a_sibling_city_is_not_seen(client, demo, stranger):
    """The other province's bureau organizes a plan; the demo's employers are not under it."""
    other = services.create_plan(
        actor=stranger["bureau_user"],
        year=2026,
        name="邻省工程系列评审",
        organizer=stranger["bureau"],
        series=demo["plan"].series,
        titles=list(demo["plan"].titles.all()),
        declaration_opens=demo["plan"].declaration_opens,
        declaration_closes=demo["plan"].declaration_closes,
        unit_recommendation_deadline=demo["plan"].unit_recommendation_deadline,
        qualification_check_deadline=demo["plan"].qualification_check_deadline,
        achievement_cutoff=demo["plan"].achievement_cutoff,
    )
    services.update_plan(actor=stranger["bureau_user"], plan=other, name="邻省工程系列职称评审")

    assert other.pk not in api_plan_ids(client, demo["users"]["bureau"])
    assert other.pk not in api_plan_ids(client, demo["users"]["applicant"])
    assert other.pk in api_plan_ids(client, stranger["bureau_user"])
