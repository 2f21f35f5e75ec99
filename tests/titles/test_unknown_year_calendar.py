"""A year the holiday package does not know falls back to Monday to Friday, and the bureau is
told that the year needs its holidays."""

from datetime import date

import pytest
from django.utils import translation

from core.todo import todo_items
from titles.models import CalendarDay
from titles.working_days import add_working_days, calendar_is_known, package_knows

pytestmark = pytest.mark.django_db

UNKNOWN = 2031


def test_an_unknown_year_counts_weekdays_and_says_so():
    assert not package_knows(UNKNOWN)
    assert not calendar_is_known(UNKNOWN)
    # Thursday 2 October 2031 would be in a National Day holiday; without data it is not.
    assert add_working_days(date(2031, 9, 30), 2) == date(2031, 10, 2)
    assert add_working_days(date(2031, 10, 3), 1) == date(2031, 10, 6)


def test_entering_holidays_makes_the_year_known():
    CalendarDay.objects.create(date=date(2031, 10, 1), is_working_day=False, note="国庆节")
    CalendarDay.objects.create(date=date(2031, 10, 2), is_working_day=False, note="国庆节")

    assert calendar_is_known(UNKNOWN)
    assert add_working_days(date(2031, 9, 30), 2) == date(2031, 10, 6)


def bureau_todo_titles(membership):
    with translation.override("en"):
        return [item.title for item in todo_items(membership)]


def test_the_bureau_is_asked_for_the_next_plan_years_holidays(demo, monkeypatch):
    monkeypatch.setattr("titles.todo.timezone.localdate", lambda: date(UNKNOWN - 1, 11, 20))
    bureau = demo["users"]["bureau"].memberships.get()

    titles = bureau_todo_titles(bureau)
    assert f"The calendar for {UNKNOWN - 1} needs its holidays" in titles
    assert f"The calendar for {UNKNOWN} needs its holidays" in titles

    CalendarDay.objects.create(date=date(UNKNOWN, 1, 1), is_working_day=False, note="元旦")

    assert f"The calendar for {UNKNOWN} needs its holidays" not in bureau_todo_titles(bureau)


def test_a_known_year_raises_no_to_do(demo, monkeypatch):
    monkeypatch.setattr("titles.todo.timezone.localdate", lambda: date(2025, 6, 1))
    bureau = demo["users"]["bureau"].memberships.get()

    assert not [title for title in bureau_todo_titles(bureau) if "calendar" in title]


def test_the_calendar_page_warns_about_an_unknown_year(english, demo):
    english.force_login(demo["users"]["bureau"])

    page = english.get(f"/titles/calendar/{UNKNOWN}/").content.decode()

    assert f"The holidays of {UNKNOWN} are not known yet" in page


def test_the_calendar_page_lists_make_up_working_days(english, demo):
    english.force_login(demo["users"]["bureau"])

    page = english.get("/titles/calendar/2025/").content.decode()

    assert "28 Sep 2025" in page and "11 Oct 2025" in page
    assert "not known yet" not in page
