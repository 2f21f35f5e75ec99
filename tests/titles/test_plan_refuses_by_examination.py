"""Titles obtained by a unified examination (以考代评) are never evaluated: no plan may include
one, whichever way it is created or changed."""

import pytest
from django.core.exceptions import ValidationError

from titles import services
from titles.models import EvaluationPlan, Level, TitleName

from .conftest import as_json


@pytest.fixture
def health_plan_data(plan_data):
    attending = TitleName.objects.get(series__code="WS", level=Level.INTERMEDIATE)
    assert attending.by_examination
    return {**plan_data, "series": attending.series, "titles": [attending], "jury": None}


def test_the_service_refuses_a_by_examination_title(demo, health_plan_data):
    with pytest.raises(ValidationError) as refused:
        services.create_plan(actor=demo["users"]["bureau"], **health_plan_data)

    assert "unified examination" in " ".join(refused.value.message_dict["titles"])
    assert not EvaluationPlan.objects.filter(name=health_plan_data["name"]).exists()


def test_the_api_answers_400_naming_the_title(client, demo, health_plan_data):
    client.force_login(demo["users"]["bureau"])

    response = client.post(
        "/api/v1/plans/",
        as_json(health_plan_data),
        content_type="application/json",
        headers={"accept-language": "en"},
    )

    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["titles"])
    assert "主治医师" in message and "never evaluated" in message
    assert not EvaluationPlan.objects.filter(name=health_plan_data["name"]).exists()


def test_adding_one_to_an_existing_draft_is_refused(demo, plan_data):
    plan = services.create_plan(actor=demo["users"]["bureau"], **plan_data)
    attending = TitleName.objects.get(series__code="WS", level=Level.INTERMEDIATE)

    with pytest.raises(ValidationError):
        services.update_plan(actor=demo["users"]["bureau"], plan=plan, titles=[attending])

    assert list(plan.titles.all()) == plan_data["titles"]


def test_the_form_does_not_offer_them(english, demo):
    english.force_login(demo["users"]["bureau"])

    page = english.get("/titles/plans/new/").content.decode()

    assert "高级工程师" in page
    assert "主治医师" not in page
