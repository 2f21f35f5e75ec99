"""The list endpoints and pages cost the same number of queries for 2 rows as for 30."""

from datetime import date

import pytest

from titles import services
from titles.models import EvaluationCondition, Level, TitleName


@pytest.fixture
def many_plans(demo, plan_data):
    bureau = demo["users"]["bureau"]
    for number in range(30):
        year = 2027 + number % 2
        services.create_plan(
            actor=None,
            **{
                **plan_data,
                "name": f"plan {number}",
                "year": year,
                "jury": None,
                "declaration_opens": date(year, 3, 1),
                "declaration_closes": date(year, 3, 31),
                "unit_recommendation_deadline": date(year, 4, 15),
                "qualification_check_deadline": date(year, 5, 14),
            },
        )
    return bureau


@pytest.fixture
def many_conditions(demo):
    for title in TitleName.objects.filter(by_examination=False):
        for year in range(2025, 2031):
            EvaluationCondition.objects.create(title=title, effective_year=year)


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans/",
        "/api/v1/series/",
        "/api/v1/specialties/",
        "/api/v1/titles/",
        "/api/v1/conditions/",
        "/api/v1/conditions/?year=2028",
        "/titles/plans/",
        "/titles/",
    ],
)
def test_lists_do_not_grow_with_rows(
    client, demo, many_plans, many_conditions, url, django_assert_max_num_queries
):
    client.force_login(demo["users"]["bureau"])
    client.get(url)  # the calendar of each year is loaded once per process

    count_queries(client, url, django_assert_max_num_queries, 12)


def test_the_plan_list_shows_all_plans(client, demo, many_plans):
    client.force_login(demo["users"]["bureau"])

    response = client.get("/api/v1/plans/")

    assert response.json()["count"] == 31
    row = next(r for r in response.json()["results"] if r["name"] == "plan 0")
    assert row["titles"] == [
        {
            "id": TitleName.objects.get(series__code="GC", level=Level.INTERMEDIATE).pk,
            "level": Level.INTERMEDIATE,
            "name_zh": "工程师",
            "name_en": "Engineer",
        }
    ]
    assert set(row["working_days_left"]) == {
        "declaration_closes",
        "unit_recommendation_deadline",
        "qualification_check_deadline",
    }
