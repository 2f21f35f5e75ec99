"""Filing follows the result publicity within FILING_AFTER_PUBLICITY_WORKING_DAYS working days,
counted by the one window rule from the day after the publicity ended: the office's home page
shows the results ready for filing with that due date (and how overdue they are), across the
National Day holiday and its make-up working day. A late filing is still accepted."""

from datetime import date

import pytest

from certificates.selectors import filing_due
from core.todo import todo_items
from juries.models import ResultPublicity, ReviewMeeting

# Publicity ended Friday 25 September 2026. The window starts on Saturday 26th, not a working
# day, so it counts from Monday 28th: 28, 29, 30 September; the National Day holiday 1-7
# October; 8, 9, Saturday 10 (a make-up working day), 12, 13, 14, 15 October.
ENDED_FRI_25_SEP = date(2026, 9, 25)
DUE_THU_15_OCT = date(2026, 10, 15)


def _ended_on(results, day):
    meeting = results.meeting(2)
    ResultPublicity.objects.filter(meeting=meeting).update(starts_on=date(2026, 9, 18), ends_on=day)
    return ReviewMeeting.objects.get(pk=meeting.pk)


def test_ten_working_days_from_the_day_after_across_the_national_day_holiday(results, settings):
    settings.FILING_AFTER_PUBLICITY_WORKING_DAYS = 10
    meeting = _ended_on(results, ENDED_FRI_25_SEP)

    assert filing_due(meeting.publicity) == DUE_THU_15_OCT
    settings.FILING_AFTER_PUBLICITY_WORKING_DAYS = 9
    assert filing_due(meeting.publicity) == date(2026, 10, 14)


def test_the_offices_home_page_shows_the_due_date_and_that_it_is_overdue(results, client):
    meeting = _ended_on(results, ENDED_FRI_25_SEP)
    office = results.office.memberships.get()

    item = next(i for i in todo_items(office) if str(meeting) in str(i.title))
    assert item.due == DUE_THU_15_OCT
    client.force_login(results.office)
    page = client.get("/").content.decode()
    assert 'datetime="2026-10-15"' in page
    assert "working days overdue" in page


@pytest.mark.usefixtures("package_up_to_2026")
def test_a_due_date_in_a_year_nobody_entered_is_not_guessed(results):
    meeting = _ended_on(results, date(2026, 12, 25))

    # Ten working days from 28 December reach 2027, which the package does not know.
    assert filing_due(meeting.publicity) is None


def test_a_late_filing_is_still_accepted(results):
    meeting = _ended_on(results, ENDED_FRI_25_SEP)

    filing = results.submitted_filing(meeting)

    assert filing.entries.count() == 2
