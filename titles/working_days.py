"""The working-day calendar of mainland China: statutory holidays and make-up working days
from the `chinesecalendar` package, with administrators' CalendarDay overrides winning over
it. A year the package does not know and nobody has entered falls back to "Monday to Friday"
and `calendar_is_known()` says so, so that the gap shows up as a to-do instead of silently
shortening a publicity window.

Lists call these functions once per row and day, so the overrides are kept in memory per
process and year. A change to a CalendarDay clears this process's copy at once and the other
processes' (web workers, Celery) within CROSS_PROCESS_CHECK_SECONDS, through a generation
stamp in the shared cache."""

import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language

from titles.models import CalendarDay

CROSS_PROCESS_CHECK_SECONDS = 30
_GENERATION_KEY = "titles:calendar-overrides-generation"

# The package's own tables, read directly: its is_workday() recomputes the supported range
# on every call, which is too slow for per-row use.
_PACKAGE_HOLIDAYS = chinese_calendar.holidays
_PACKAGE_WORKDAYS = chinese_calendar.workdays
_PACKAGE_YEARS = range(min(_PACKAGE_HOLIDAYS).year, max(_PACKAGE_HOLIDAYS).year + 1)


class _OverrideCache:
    def __init__(self):
        self.years: dict[int, dict[date, CalendarDay]] = {}
        self.generation = None
        self.checked_at = 0.0
        # (connection, outermost atomic block) of transactions that changed an override and
        # have not committed yet: nothing they read may be cached, since a rollback sends no
        # signal.
        self.uncommitted: list[tuple[object, object]] = []

    def clear(self):
        self.years.clear()

    def get(self, year: int) -> dict[date, CalendarDay]:
        self._follow_other_processes()
        self._forget_finished_transactions()
        overrides = self.years.get(year)
        if overrides is None:
            overrides = {day.date: day for day in CalendarDay.objects.filter(date__year=year)}
            if not self.uncommitted:
                self.years[year] = overrides
        return overrides

    def changed(self):
        self.clear()
        connection = transaction.get_connection()
        if connection.in_atomic_block:
            self.uncommitted.append((connection, connection.atomic_blocks[0]))
        transaction.on_commit(self._committed)

    def _committed(self):
        self.uncommitted = [
            (connection, block)
            for connection, block in self.uncommitted
            if block in connection.atomic_blocks
        ]
        self.clear()
        self.generation = uuid.uuid4().hex
        cache.set(_GENERATION_KEY, self.generation, None)

    def _forget_finished_transactions(self):
        # A marked transaction whose block is gone without its on-commit hook having run
        # was rolled back; whatever was cached meanwhile may hold its changes.
        still_open = [
            (connection, block)
            for connection, block in self.uncommitted
            if block in connection.atomic_blocks
        ]
        if len(still_open) != len(self.uncommitted):
            self.uncommitted = still_open
            self.clear()

    def _follow_other_processes(self):
        now = time.monotonic()
        if now - self.checked_at < CROSS_PROCESS_CHECK_SECONDS:
            return
        self.checked_at = now
        generation = cache.get(_GENERATION_KEY)
        if generation != self.generation:
            self.generation = generation
            self.clear()


_overrides = _OverrideCache()


@receiver(post_save, sender=CalendarDay, dispatch_uid="titles_calendar_day_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="titles_calendar_day_deleted")
def _calendar_day_changed(**kwargs):
    _overrides.changed()


@receiver(post_migrate, dispatch_uid="titles_calendar_after_flush")
def _database_flushed(**kwargs):
    # A flush (transactional tests) truncates the table without a delete signal.
    _overrides.clear()


def package_knows(year: int) -> bool:
    return year in _PACKAGE_YEARS


def calendar_is_known(year: int) -> bool:
    """False when neither the package nor an administrator has said anything about the
    year's holidays, so that every weekday counts as a working day."""
    return package_knows(year) or bool(_overrides.get(year))


def is_working_day(d: date) -> bool:
    override = _overrides.get(d.year).get(d)
    if override is not None:
        return override.is_working_day
    if d in _PACKAGE_WORKDAYS:
        return True
    return d.weekday() < 5 and d not in _PACKAGE_HOLIDAYS


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted); a negative n counts
    backwards, and 0 gives `start`."""
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """The number of working days d with start < d <= end; negative when end is before
    start, 0 when they are the same day."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def working_days_left(due: date, today: date | None = None) -> int:
    """Working days from tomorrow up to and including `due`: 0 on the due date itself and
    negative once it has passed."""
    return working_days_between(today or timezone.localdate(), due)


@dataclass(frozen=True)
class SpecialDay:
    """A date that breaks the Monday-to-Friday rule, and who says so."""

    date: date
    is_working_day: bool
    name: str
    overridden: bool


def special_days(year: int) -> list[SpecialDay]:
    """Holidays on weekdays, make-up working days on weekends, and every override, in date
    order: what an administrator checks a year's calendar against."""
    chinese = (get_language() or "").startswith("zh")
    overrides = _overrides.get(year)
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        override = overrides.get(day)
        if override is not None:
            days.append(SpecialDay(day, override.is_working_day, override.note, True))
        elif day in _PACKAGE_WORKDAYS and day.weekday() >= 5:
            days.append(
                SpecialDay(day, True, _holiday_name(_PACKAGE_WORKDAYS[day], chinese), False)
            )
        elif day in _PACKAGE_HOLIDAYS and day.weekday() < 5:
            days.append(
                SpecialDay(day, False, _holiday_name(_PACKAGE_HOLIDAYS[day], chinese), False)
            )
        day += timedelta(days=1)
    return days


def _holiday_name(english: str, chinese: bool) -> str:
    if not chinese:
        return english
    try:
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english
