"""The bureau's home-page line for filings waiting for approval: how many, and since the local
day the oldest was submitted (a filing submitted just after midnight in Beijing is that day's,
although it is still the day before in UTC)."""

from datetime import UTC, date, datetime

from certificates.models import Filing
from core.todo import todo_items


def test_the_waiting_filings_are_counted_and_dated_by_the_local_day(results):
    filing = results.submitted_filing(results.meeting(2))
    just_after_midnight_in_beijing = datetime(2026, 12, 7, 17, 30, tzinfo=UTC)
    Filing.objects.filter(pk=filing.pk).update(submitted_at=just_after_midnight_in_beijing)
    bureau = results.bureau.memberships.get()

    item = next(i for i in todo_items(bureau) if str(i.title) == "Filings waiting for approval")

    assert item.count == 1
    assert item.since == date(2026, 12, 8)
