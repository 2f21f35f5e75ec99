"""An administrator's CalendarDay wins over the package, and the cached calendar follows each
change at once."""

from datetime import date

import pytest
from django.db import transaction

from titles.models import CalendarDay
from titles.working_days import add_working_days, is_working_day, working_days_left

pytestmark = pytest.mark.django_db


def test_an_override_turning_a_holiday_into_a_working_day_changes_the_result():
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)

    override = CalendarDay.objects.create(date=date(2025, 10, 8), is_working_day=True, note="调整")
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 8)

    override.is_working_day = False
    override.save()
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)

    override.delete()
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)


def test_an_override_making_a_weekday_a_holiday_lengthens_a_window():
    assert working_days_left(date(2025, 6, 13), today=date(2025, 6, 9)) == 4

    CalendarDay.objects.create(date=date(2025, 6, 11), is_working_day=False, note="local holiday")

    assert not is_working_day(date(2025, 6, 11))
    assert working_days_left(date(2025, 6, 13), today=date(2025, 6, 9)) == 3


def test_an_override_in_the_admin_takes_effect(admin_client):
    response = admin_client.post(
        "/admin/titles/calendarday/add/",
        {"date": "2025-10-08", "is_working_day": "on", "note": "调休"},
    )

    assert response.status_code == 302
    assert is_working_day(date(2025, 10, 8))


def test_lookups_are_served_from_memory():
    # Load the year once.
    is_working_day(date(2025, 1, 2))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        add_working_days(date(2025, 1, 2), 200)

    assert len(queries) == 0


def test_an_entry_rolled_back_is_forgotten_at_once():
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarDay.objects.create(date=date(2025, 10, 8), is_working_day=True, note="调整")
        assert is_working_day(date(2025, 10, 8))
        raise RuntimeError("the surrounding work failed")

    assert not is_working_day(date(2025, 10, 8))
