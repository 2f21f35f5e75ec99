"""Writes to the working-day calendar, by administrators: a year's holidays and make-up
working days one by one, marking the year entered in full (from then on windows and
deadlines may be counted in it although the holiday package does not cover it), withdrawing
that mark, and importing the State Council's notice as a table, which replaces the year's
days at once. Every change is a decision in the audit chain: deadlines are counted by it."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from audit.services import append_audit_record
from jobs.progress import SILENT
from titles.models import CalendarDay, CalendarYear
from titles.permissions import require_calendar_editor
from titles.working_days import calendar_changed, package_knows

FIRST_YEAR, LAST_YEAR = 1950, 2199
NAME_MAX_LENGTH = CalendarDay._meta.get_field("note").max_length
SOURCE_MAX_LENGTH = CalendarYear._meta.get_field("source").max_length


@dataclass(frozen=True)
class EnteredDay:
    """One row of a year's schedule: a holiday, or a make-up working day."""

    date: date
    is_working_day: bool
    name: str = ""


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def _audit(actor: User | None, action: str, subject, reason: str, payload: dict) -> None:
    membership = None
    if actor is not None:
        membership = (
            Membership.objects.filter(user=actor, is_active=True, role=Role.ADMIN)
            .select_related("organization")
            .first()
        )
    append_audit_record(
        action=action,
        actor=actor,
        role=Role.ADMIN if actor is not None else "system",
        organization=membership.organization if membership else None,
        subject=subject,
        reason=reason,
        payload=payload,
    )


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Keep the name to %(limit)d characters.") % {"limit": NAME_MAX_LENGTH}}
        )
    return name


@transaction.atomic
def set_calendar_day(
    *, actor: User | None, day: date, is_working_day: bool, name: str = ""
) -> CalendarDay:
    """Enter one date of the calendar: a holiday (also a weekday off), or a make-up working
    day (also a weekend day worked). An entry for the same date is replaced."""
    require_calendar_editor(actor)
    check_year(day.year)
    name = _clean_name(name)
    entry, _created = CalendarDay.objects.update_or_create(
        date=day, defaults={"is_working_day": is_working_day, "note": name}
    )
    kind = _("make-up working day") if is_working_day else _("holiday")
    _audit(
        actor,
        "calendar_day_set",
        entry,
        _("%(date)s entered as a %(kind)s.") % {"date": date_format(day), "kind": kind},
        {"date": day, "is_working_day": is_working_day, "name": name},
    )
    return entry


@transaction.atomic
def remove_calendar_day(*, actor: User | None, entry: CalendarDay) -> None:
    """Take one entered date out: the package's word (or Monday to Friday) holds again."""
    require_calendar_editor(actor)
    _audit(
        actor,
        "calendar_day_removed",
        entry,
        _("The entry for %(date)s was removed.") % {"date": date_format(entry.date)},
        {"date": entry.date, "is_working_day": entry.is_working_day, "name": entry.note},
    )
    entry.delete()


def _record_year(actor: User | None, year: int, source: str) -> CalendarYear:
    source = (source or "").strip()
    if len(source) > SOURCE_MAX_LENGTH:
        raise ValidationError(
            {"source": _("Keep the source to %(limit)d characters.") % {"limit": SOURCE_MAX_LENGTH}}
        )
    entered, _created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={"source": source, "entered_by": actor, "entered_at": timezone.now()},
    )
    return entered


@transaction.atomic
def mark_year_entered(*, actor: User | None, year: int, source: str = "") -> CalendarYear:
    """The year's holidays and make-up working days are all entered: from now on windows and
    deadlines are counted in it. A year the package does not cover needs its holidays
    first."""
    require_calendar_editor(actor)
    check_year(year)
    holidays = CalendarDay.objects.filter(date__year=year, is_working_day=False)
    if not package_knows(year) and not holidays.exists():
        raise ValidationError(
            _(
                "No holiday of %(year)s is entered yet: enter the holidays and make-up working "
                "days of the State Council's notice first."
            )
            % {"year": year}
        )
    entered = _record_year(actor, year, source)
    _audit(
        actor,
        "calendar_year_entered",
        entered,
        _("The working-day calendar for %(year)s is entered in full.") % {"year": year},
        {"year": year, "source": entered.source, "days": _days_payload(year)},
    )
    return entered


@transaction.atomic
def withdraw_year(*, actor: User | None, year: int) -> None:
    """The year is no longer taken as entered in full: windows and deadlines reaching it are
    refused again until it is marked entered. Windows already set keep their dates."""
    require_calendar_editor(actor)
    entered = CalendarYear.objects.filter(year=year).first()
    if entered is None:
        raise ValidationError(_("%(year)s is not marked as entered.") % {"year": year})
    _audit(
        actor,
        "calendar_year_withdrawn",
        entered,
        _("The working-day calendar for %(year)s is no longer marked as entered.") % {"year": year},
        {"year": year},
    )
    entered.delete()


@transaction.atomic
def replace_year(
    *,
    actor: User | None,
    year: int,
    days: list[EnteredDay],
    source: str = "",
    progress=SILENT,
) -> CalendarYear:
    """The year's entered days replaced by `days` (a checked notice) and the year marked
    entered, in one transaction. `progress.saved()` is its last statement (jobs/progress.py)."""
    require_calendar_editor(actor)
    check_year(year)
    outside = [day for day in days if day.date.year != year]
    if outside:
        raise ValidationError(
            _("%(date)s is not in %(year)s.") % {"date": date_format(outside[0].date), "year": year}
        )
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day.date, is_working_day=day.is_working_day, note=day.name)
        for day in sorted(days, key=lambda day: day.date)
    )
    calendar_changed()  # a bulk insert sends no signal
    entered = _record_year(actor, year, source)
    _audit(
        actor,
        "calendar_year_imported",
        entered,
        _("The working-day calendar for %(year)s was imported and replaces its entries.")
        % {"year": year},
        {"year": year, "source": entered.source, "days": _days_payload(year)},
    )
    progress.saved()
    return entered


def _days_payload(year: int) -> list[list]:
    return [
        [day.date.isoformat(), day.is_working_day, day.note]
        for day in CalendarDay.objects.filter(date__year=year).order_by("date")
    ]
