"""Evaluation conditions are versioned by plan year: a plan uses the latest version that is in
force for its year, and a version a plan has run under is history."""

import pytest

from titles.models import EvaluationCondition, Level, TitleName
from titles.selectors import condition_for


@pytest.fixture
def engineer(demo):
    """Engineer (intermediate): the demo has its 2024 version; add a stricter 2027 one."""
    title = TitleName.objects.get(series__code="GC", level=Level.INTERMEDIATE)
    EvaluationCondition.objects.create(
        title=title, effective_year=2027, years_since_current_title=5, professional_years=7
    )
    return title


def test_the_version_in_force_is_the_latest_not_after_the_plan_year(engineer):
    assert condition_for(engineer, 2023) is None
    assert condition_for(engineer, 2024).effective_year == 2024
    assert condition_for(engineer, 2026).effective_year == 2024
    assert condition_for(engineer, 2027).years_since_current_title == 5
    assert condition_for(engineer, 2030).effective_year == 2027


def test_the_api_returns_the_version_in_force_for_a_year(client, demo, engineer):
    client.force_login(demo["users"]["applicant"])

    for year, expected in [(2026, 2024), (2028, 2027)]:
        response = client.get("/api/v1/conditions/", {"title": engineer.pk, "year": year})
        assert response.status_code == 200
        results = response.json()["results"]
        assert [row["effective_year"] for row in results] == [expected]

    everything = client.get("/api/v1/conditions/", {"title": engineer.pk}).json()["results"]
    assert sorted(row["effective_year"] for row in everything) == [2024, 2027]


def test_one_version_per_title_for_a_year_across_the_catalogue(client, demo, engineer):
    client.force_login(demo["users"]["applicant"])

    results = client.get("/api/v1/conditions/", {"year": 2027}).json()["results"]

    titles = [row["title"] for row in results]
    assert len(titles) == len(set(titles))
    assert {row["effective_year"] for row in results if row["title"] == engineer.pk} == {2027}


def test_a_version_an_open_plan_runs_under_cannot_be_changed(client, demo, engineer):
    """The demo's 2026 plan is open and evaluates engineers under the 2024 version."""
    client.force_login(demo["users"]["admin"])
    used = engineer.conditions.get(effective_year=2024)

    response = client.patch(
        f"/api/v1/conditions/{used.pk}/",
        {"professional_years": 3},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "add a new version" in str(response.json())
    used.refresh_from_db()
    assert used.professional_years == 6


def test_a_future_version_can_still_be_corrected(client, demo, engineer):
    client.force_login(demo["users"]["admin"])
    future = engineer.conditions.get(effective_year=2027)

    response = client.patch(
        f"/api/v1/conditions/{future.pk}/",
        {"professional_years": 8, "required_exams": ["foreign_language"]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    future.refresh_from_db()
    assert (future.professional_years, future.required_exams) == (8, ["foreign_language"])


def test_a_city_bureau_cannot_edit_the_provincial_catalogue(client, demo, engineer):
    client.force_login(demo["users"]["bureau"])

    response = client.post(
        "/api/v1/conditions/",
        {"title": engineer.pk, "effective_year": 2028},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not engineer.conditions.filter(effective_year=2028).exists()
