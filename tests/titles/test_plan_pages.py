"""The plan list, the plan page with the working days left on each deadline, and the bureau's
form."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from titles.models import EvaluationPlan, Level, TitleName
from titles.working_days import working_days_left


def test_the_plan_page_shows_windows_and_working_days_left(english, demo):
    english.force_login(demo["users"]["applicant"])
    plan = demo["plan"]

    page = english.get(f"/titles/plans/{plan.pk}/").content.decode()

    assert plan.name in page
    assert "18 Dec 2026" in page and "29 Jan 2027" in page  # dates as English pages write them
    left = working_days_left(plan.declaration_closes)
    if left > 1:
        assert f"{left} working days left" in page
    # An applicant sees no buttons that run the plan.
    assert "Close declarations" not in page


@pytest.mark.usefixtures("package_up_to_2026")
def test_the_plan_page_warns_when_a_deadline_year_has_no_holidays(english, demo):
    english.force_login(demo["users"]["bureau"])
    plan = demo["plan"]

    page = english.get(f"/titles/plans/{plan.pk}/").content.decode()

    # The package knows 2026 but not 2027, the year of the qualification check deadline.
    assert "The holidays of 2027 are not in the calendar yet" in page
    assert "Close declarations" in page


def test_the_plan_list_links_each_visible_plan(english, demo):
    english.force_login(demo["users"]["employer"])

    page = english.get("/titles/plans/").content.decode()

    assert f'href="/titles/plans/{demo["plan"].pk}/"' in page
    assert "New plan" not in page


@pytest.fixture
def form_data(demo):
    today = timezone.localdate()
    return {
        "name": "下一年度工程系列评审",
        "year": today.year + 1,
        "organizer": demo["plan"].organizer_id,
        "series": demo["plan"].series_id,
        "titles": [TitleName.objects.get(series__code="GC", level=Level.DEPUTY_SENIOR).pk],
        "jury": "",
        "declaration_opens": (today + timedelta(days=100)).isoformat(),
        "declaration_closes": (today + timedelta(days=130)).isoformat(),
        "unit_recommendation_deadline": (today + timedelta(days=145)).isoformat(),
        "qualification_check_deadline": (today + timedelta(days=175)).isoformat(),
        "achievement_cutoff": date(today.year, 12, 31).isoformat(),
        "unit_publicity_working_days": 5,
        "result_publicity_working_days": 5,
    }


def test_the_bureau_creates_a_draft_plan_in_the_browser(english, demo, form_data):
    english.force_login(demo["users"]["bureau"])

    response = english.post("/titles/plans/new/", form_data, follow=True)

    plan = EvaluationPlan.objects.get(name=form_data["name"])
    assert plan.status == EvaluationPlan.Status.DRAFT
    assert "The plan has been saved as a draft." in response.content.decode()


def test_the_form_shows_the_services_refusal(english, demo, form_data):
    english.force_login(demo["users"]["bureau"])
    teacher = TitleName.objects.get(series__code="ZXXJS", level=Level.DEPUTY_SENIOR)

    response = english.post("/titles/plans/new/", {**form_data, "titles": [teacher.pk]})

    assert response.status_code == 400
    assert "is not a title of the" in response.content.decode()
    assert not EvaluationPlan.objects.filter(name=form_data["name"]).exists()


def test_the_bureau_edits_the_dates_of_an_open_plan(english, demo):
    english.force_login(demo["users"]["bureau"])
    plan = demo["plan"]
    form = english.get(f"/titles/plans/{plan.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["declaration_closes"] = "2026-12-25"
    data["jury"] = plan.jury_id

    response = english.post(f"/titles/plans/{plan.pk}/edit/", data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.declaration_closes == date(2026, 12, 25)


@pytest.mark.parametrize("username", ["employer", "office", "applicant"])
def test_others_cannot_create_plans(client, demo, username):
    client.force_login(demo["users"][username])

    assert client.get("/titles/plans/new/").status_code == 403
