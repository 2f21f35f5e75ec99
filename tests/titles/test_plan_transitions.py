"""Plans move draft → open → closed → finished by POST /api/v1/plans/<id>/<action>/ and by the
buttons of the plan page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from titles import services
from titles.models import EvaluationPlan

Status = EvaluationPlan.Status


@pytest.fixture
def current_draft(demo, plan_data, jury_in_office):
    today = timezone.localdate()
    return services.create_plan(
        actor=demo["users"]["bureau"],
        **{
            **plan_data,
            "year": today.year,
            "declaration_opens": today,
            "declaration_closes": today + timedelta(days=30),
            "unit_recommendation_deadline": today + timedelta(days=45),
            "qualification_check_deadline": today + timedelta(days=75),
        },
    )


def test_the_bureau_opens_closes_and_finishes_a_plan(client, demo, current_draft):
    client.force_login(demo["users"]["bureau"])
    url = f"/api/v1/plans/{current_draft.pk}"

    assert client.post(f"{url}/open/").json()["status"] == Status.OPEN
    assert client.post(f"{url}/close/").json()["status"] == Status.CLOSED
    assert client.post(f"{url}/finish/").json()["status"] == Status.FINISHED
    current_draft.refresh_from_db()
    assert current_draft.status == Status.FINISHED


def test_a_transition_from_the_wrong_state_is_refused(client, demo, current_draft):
    client.force_login(demo["users"]["bureau"])

    response = client.post(
        f"/api/v1/plans/{current_draft.pk}/close/", headers={"accept-language": "en"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["Only an open plan can be closed."]}


def test_a_plan_without_a_jury_does_not_open(client, demo, current_draft):
    services.update_plan(actor=demo["users"]["bureau"], plan=current_draft, jury=None)
    client.force_login(demo["users"]["bureau"])

    response = client.post(
        f"/api/v1/plans/{current_draft.pk}/open/", headers={"accept-language": "en"}
    )

    assert response.status_code == 400
    assert (
        "Choose the jury before opening the plan." in response.json()["errors"]["non_field_errors"]
    )
    current_draft.refresh_from_db()
    assert current_draft.status == Status.DRAFT


def test_the_plan_page_opens_a_plan(english, demo, current_draft):
    english.force_login(demo["users"]["bureau"])

    response = english.post(f"/titles/plans/{current_draft.pk}/open/", follow=True)

    assert "The plan is open for declarations." in response.content.decode()
    current_draft.refresh_from_db()
    assert current_draft.status == Status.OPEN
