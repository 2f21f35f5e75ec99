"""The working-day calendar of mainland China, and the one rule every window and deadline is
counted by.

The calendar: statutory holidays and make-up working days (调休上班) come from the
`chinesecalendar` package; administrators' CalendarDay rows win over it. A year is *known*
when the package covers it or an administrator has entered it in full (a CalendarYear, set on
the calendar page or by importing the State Council's notice). A year neither knows is never
guessed: counting a window or a deadline into it raises `UnknownCalendarYear`, a
ValidationError naming the year and who enters it, which pages and the API show as any other
refusal.

The rule, `window(start, days)`: a window of N working days that starts on day D counts D
itself when D is a working day, as publicity notices print it ("公示期5个工作日（6月9日至6月
13日）", Monday to Friday); when D is a weekend or a holiday the count begins with the next
working day. The window runs through its N-th working day, which is its last day. A province
whose notices count "from the day after" sets WORKING_DAYS_START_DAY_COUNTS to False, and
the count then begins on the day after D, for every window alike. Every window and deadline
goes through it:

- unit publicity and result publicity: `window(first day, plan's working days)`;
- the correction deadline: `deadline_after(day of the notice, CORRECTION_DEADLINE_WORKING_DAYS)`,
  the last day on which the applicant may still resubmit;
- the meeting application: `fits_before(day of the application, MEETING_APPLICATION_WORKING_DAYS,
  meeting day)`, the whole window before the meeting day (`last_start_before` says by when);
- filing after the result publicity: `window(day after the publicity, FILING_AFTER_PUBLICITY_
  WORKING_DAYS)`.

Windows are shown as "from … to … (N working days)" (`describe_window`).

`working_days_left` (to-do lists, "3 working days left") counts what is left of dates already
set; it decides nothing and, to never break a page, counts a year nobody entered as Monday to
Friday, while that year's gap is shown to the bureau and administrators (titles/todo.py).

Lists call these functions once per row and day, so the overrides and the entered years are
kept in memory per process. A change to a CalendarDay or CalendarYear clears this process's
copy at once and the other processes' (web workers, Celery) within CROSS_PROCESS_CHECK_SECONDS,
through a generation stamp in the shared cache."""

import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from titles.models import CalendarDay, CalendarYear

CROSS_PROCESS_CHECK_SECONDS = 30
_GENERATION_KEY = "titles:calendar-overrides-generation"
ONE_DAY = timedelta(days=1)

# The package's own tables, read directly: its is_workday() recomputes the supported range
# on every call, which is too slow for per-row use.
_PACKAGE_HOLIDAYS = chinese_calendar.holidays
_PACKAGE_WORKDAYS = chinese_calendar.workdays
_PACKAGE_YEARS = range(min(_PACKAGE_HOLIDAYS).year, max(_PACKAGE_HOLIDAYS).year + 1)


class _OverrideCache:
    def __init__(self):
        self.years: dict[int, dict[date, CalendarDay]] = {}
        self.entered: frozenset[int] | None = None
        self.generation = None
        self.checked_at = 0.0
        # Transactions that changed the calendar and have not committed yet, each as
        # (connection, its atomic blocks at the change, outermost first). A rollback sends no
        # signal: once one of those blocks is gone, what was cached since may hold the undone
        # change and is cleared. Meanwhile only that connection uses the cache: another one
        # would read uncommitted rows from it.
        self.uncommitted: list[tuple[object, list]] = []

    def clear(self):
        self.years.clear()
        self.entered = None

    def _usable(self) -> bool:
        current = transaction.get_connection()
        return all(connection is current for connection, _blocks in self.uncommitted)

    def get(self, year: int) -> dict[date, CalendarDay]:
        self._follow_other_processes()
        self._forget_finished_transactions()
        usable = self._usable()
        overrides = self.years.get(year) if usable else None
        if overrides is None:
            overrides = {day.date: day for day in CalendarDay.objects.filter(date__year=year)}
            if usable:
                self.years[year] = overrides
        return overrides

    def entered_years(self) -> frozenset[int]:
        self._follow_other_processes()
        self._forget_finished_transactions()
        usable = self._usable()
        entered = self.entered if usable else None
        if entered is None:
            entered = frozenset(CalendarYear.objects.values_list("year", flat=True))
            if usable:
                self.entered = entered
        return entered

    def changed(self):
        self.clear()
        connection = transaction.get_connection()
        if connection.in_atomic_block:
            self.uncommitted.append((connection, list(connection.atomic_blocks)))
        transaction.on_commit(self._committed)

    def _surviving(self) -> tuple[list, bool]:
        """The marked transactions with the blocks still open, and whether any block is
        gone (rolled back, or released into a block that may still roll back)."""
        surviving, gone = [], False
        for connection, blocks in self.uncommitted:
            still_open = []
            for block in blocks:
                if block not in connection.atomic_blocks:
                    break
                still_open.append(block)
            gone = gone or len(still_open) != len(blocks)
            if still_open:
                surviving.append((connection, still_open))
        return surviving, gone

    def _committed(self):
        self.uncommitted, _gone = self._surviving()
        self.clear()
        self.generation = uuid.uuid4().hex
        cache.set(_GENERATION_KEY, self.generation, None)

    def _forget_finished_transactions(self):
        surviving, gone = self._surviving()
        if gone:
            self.uncommitted = surviving
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
@receiver(post_save, sender=CalendarYear, dispatch_uid="titles_calendar_year_saved")
@receiver(post_delete, sender=CalendarYear, dispatch_uid="titles_calendar_year_deleted")
def _calendar_day_changed(**kwargs):
    _overrides.changed()


def calendar_changed() -> None:
    """Forget the cached calendar: for writes that send no signal (bulk inserts)."""
    _overrides.changed()


@receiver(post_migrate, dispatch_uid="titles_calendar_after_flush")
def _database_flushed(**kwargs):
    # A flush (transactional tests) truncates the table without a delete signal.
    _overrides.clear()


def package_knows(year: int) -> bool:
    return year in _PACKAGE_YEARS


def calendar_is_known(year: int) -> bool:
    """The package covers the year, or an administrator entered it in full. Days entered
    for a year not yet marked complete do not make it known."""
    return package_knows(year) or year in _overrides.entered_years()


class UnknownCalendarYear(ValidationError):
    """A window or deadline reaches a year whose holidays nobody has entered: refused, never
    counted as Monday to Friday. Under `field` when the caller names the form field."""

    def __init__(self, year: int, field: str | None = None):
        message = _(
            "The working-day calendar for %(year)s is not known yet: an administrator enters "
            "that year's holidays and make-up working days under “Working-day calendar” "
            "(%(page)s). Until then no window or deadline can be counted into %(year)s."
        ) % {"year": year, "page": reverse("titles:calendar", args=[year])}
        super().__init__({field: [message]} if field else message, code="unknown_calendar_year")
        self.year, self.field = year, field

    def __reduce__(self):
        return type(self), (self.year, self.field)


def require_known(year: int, *, field: str | None = None) -> None:
    if not calendar_is_known(year):
        raise UnknownCalendarYear(year, field)


def _is_working_day(d: date) -> bool:
    override = _overrides.get(d.year).get(d)
    if override is not None:
        return override.is_working_day
    if d in _PACKAGE_WORKDAYS:
        return True
    return d.weekday() < 5 and d not in _PACKAGE_HOLIDAYS


def is_working_day(d: date, *, field: str | None = None) -> bool:
    """Whether `d` is a working day; UnknownCalendarYear when nobody knows its year."""
    require_known(d.year, field=field)
    return _is_working_day(d)


# --- the one rule -------------------------------------------------------------------------


def start_day_counts() -> bool:
    """Whether a window's first day counts when it is a working day (the national practice)
    or the count begins on the day after (WORKING_DAYS_START_DAY_COUNTS = False)."""
    return getattr(settings, "WORKING_DAYS_START_DAY_COUNTS", True)


def _first_counted(start: date) -> date:
    return start if start_day_counts() else start + ONE_DAY


def describe_window(start: date, end: date, days: int | None = None) -> str:
    """“from 26 Sep 2025 to 9 Oct 2025 (5 working days)”, as every page shows a window."""
    dates = {"start": date_format(start), "end": date_format(end)}
    if days is None:
        return _("from %(start)s to %(end)s") % dates
    return ngettext(
        "from %(start)s to %(end)s (%(days)d working day)",
        "from %(start)s to %(end)s (%(days)d working days)",
        days,
    ) % {**dates, "days": days}


@dataclass(frozen=True)
class Window:
    """A window of working days: from `start` through `end`, holding `days` working days."""

    start: date
    end: date
    days: int

    def __str__(self) -> str:
        return describe_window(self.start, self.end, self.days)


def window(start: date, days: int, *, field: str | None = None) -> Window:
    """The window of `days` working days starting on `start`, by the rule in the module's
    docstring: unit publicity, result publicity, deadlines. UnknownCalendarYear (under
    `field`, when given) when it reaches a year nobody knows."""
    if days < 1:
        raise ValueError("a window holds at least one working day")
    day, counted = _first_counted(start), 0
    while True:
        if is_working_day(day, field=field):
            counted += 1
            if counted == days:
                return Window(start, day, days)
        day += ONE_DAY


def publicity_window(start: date, days: int, *, field: str | None = None) -> Window:
    """A publicity of `days` working days from `start`: the same for the unit's publicity and
    the result publicity."""
    return window(start, days, field=field)


def deadline_after(start: date, days: int, *, field: str | None = None) -> date:
    """The last day of a deadline of `days` working days set on `start`."""
    return window(start, days, field=field).end


def deadline_or_none(start: date, days: int) -> date | None:
    """The deadline, or None when it reaches a year nobody knows: to prefill a form, whose
    service then refuses with the reason."""
    try:
        return deadline_after(start, days)
    except UnknownCalendarYear:
        return None


def window_between(start: date, end: date, *, field: str | None = None) -> Window:
    """The window from `start` through `end` chosen by hand (a longer publicity, a later
    deadline), with the working days the rule counts in it; UnknownCalendarYear when it
    reaches a year nobody knows."""
    day, counted = _first_counted(start), 0
    while day <= end:
        counted += is_working_day(day, field=field)
        day += ONE_DAY
    require_known(end.year, field=field)
    return Window(start, end, counted)


def fits_before(start: date, days: int, limit: date, *, field: str | None = None) -> bool:
    """Whether a window of `days` working days starting on `start` ends before `limit`: a
    meeting application's lead time. Counts no further than needed."""
    day, counted = _first_counted(start), 0
    while day < limit:
        if is_working_day(day, field=field):
            counted += 1
            if counted == days:
                return True
        day += ONE_DAY
    return False


def last_start_before(limit: date, days: int, *, field: str | None = None) -> date:
    """The last day a window of `days` working days may start on and still end before
    `limit`."""
    day, counted = limit, 0
    while counted < days:
        day -= ONE_DAY
        counted += is_working_day(day, field=field)
    return day if start_day_counts() else day - ONE_DAY


def describe_days_window(start: date, end: date) -> str:
    """A window already set, shown with its working days; without them when it reaches a
    year nobody has entered (a window set before years were checked)."""
    try:
        return str(window_between(start, end))
    except UnknownCalendarYear:
        return describe_window(start, end)


# --- steps of single working days ----------------------------------------------------------


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted); a negative n counts
    backwards, and 0 gives `start`. A step, not the window rule: windows and deadlines use
    `window`. UnknownCalendarYear when it reaches a year nobody knows."""
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def _count_between(start: date, end: date, working) -> int:
    if end < start:
        return -_count_between(end, start, working)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        count += working(day)
    return count


def working_days_between(start: date, end: date) -> int:
    """The number of working days d with start < d <= end; negative when end is before
    start, 0 when they are the same day. UnknownCalendarYear when it reaches a year nobody
    knows."""
    return _count_between(start, end, is_working_day)


def working_days_left(due: date, today: date | None = None) -> int:
    """Working days from tomorrow up to and including `due`: 0 on the due date itself and
    negative once it has passed. Shown, never decided on: a year nobody knows counts as Monday
    to Friday here (see the module's docstring)."""
    return _count_between(today or timezone.localdate(), due, _is_working_day)


@dataclass(frozen=True)
class SpecialDay:
    """A date that breaks the Monday-to-Friday rule, and who says so."""

    date: date
    is_working_day: bool
    name: str
    overridden: bool
    entry_id: int | None = None  # the administrator's CalendarDay, when it is one


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
            days.append(SpecialDay(day, override.is_working_day, override.note, True, override.pk))
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
