"""Adding working days around National Day 2025, with the holiday data of the chinesecalendar
package: 1–8 October are holidays, Sunday 28 September and Saturday 11 October are make-up
working days."""

from datetime import date

import chinese_calendar
import pytest

from titles.working_days import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db


def test_the_package_has_the_national_day_2025_arrangement():
    assert date(2025, 9, 28).weekday() == 6 and chinese_calendar.is_workday(date(2025, 9, 28))
    assert date(2025, 10, 11).weekday() == 5 and chinese_calendar.is_workday(date(2025, 10, 11))
    assert not any(chinese_calendar.is_workday(date(2025, 10, day)) for day in range(1, 9))


def test_a_make_up_sunday_counts_and_the_holiday_week_is_skipped():
    assert is_working_day(date(2025, 9, 28))
    assert not is_working_day(date(2025, 10, 1))
    # Friday 26 September: the next working day is the make-up Sunday, not Monday.
    assert add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
    # Tuesday 30 September: the whole holiday week is skipped.
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)


def test_six_working_days_across_the_holiday_end_on_the_make_up_saturday():
    # After Friday 26 September: 28 Sep (Sunday, make-up), 29 Sep, 30 Sep, 9 Oct, 10 Oct and
    # 11 Oct (Saturday, make-up).
    assert add_working_days(date(2025, 9, 26), 5) == date(2025, 10, 10)
    assert add_working_days(date(2025, 9, 26), 6) == date(2025, 10, 11)
    assert add_working_days(date(2025, 10, 11), -6) == date(2025, 9, 26)
    assert add_working_days(date(2025, 9, 26), 0) == date(2025, 9, 26)


def test_working_days_between_counts_the_end_day_but_not_the_start():
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert working_days_between(date(2025, 9, 26), date(2025, 10, 12)) == 6
    assert working_days_between(date(2025, 10, 12), date(2025, 9, 26)) == -6
    assert working_days_between(date(2025, 10, 1), date(2025, 10, 1)) == 0


def test_the_api_adds_working_days(client, demo):
    client.force_login(demo["users"]["applicant"])

    response = client.get("/api/v1/working-days/add/", {"start": "2025-09-30", "n": 1})

    assert response.status_code == 200
    assert response.json() == {
        "start": "2025-09-30",
        "n": 1,
        "date": "2025-10-09",
        "calendar_known": True,
    }


def test_the_api_refuses_a_malformed_date(client, demo):
    client.force_login(demo["users"]["applicant"])

    response = client.get("/api/v1/working-days/add/", {"start": "30/09/2025", "n": 1})

    assert response.status_code == 400
    assert "start" in response.json()["errors"]
