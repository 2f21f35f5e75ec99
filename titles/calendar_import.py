"""A year's holidays and make-up working days imported from Excel: the State Council's notice
(国务院办公厅关于某年部分节假日安排的通知) typed as a simple table, one row per date: the
date, holiday or working day, and the occasion. The whole file is checked first; one bad row
and nothing is saved, every bad row listed with its reasons. A good file replaces the year's
entered days and marks the year entered, in one transaction."""

import re
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheet_import import (
    Column,
    ImportRejected,
    RowProblem,
    cell_text,
    data_rows,
    normalized,
    open_sheet,
    rejected,
    write_template,
)
from jobs.progress import SILENT
from titles.calendar_services import (
    NAME_MAX_LENGTH,
    EnteredDay,
    check_year,
    replace_year,
)
from titles.permissions import require_calendar_editor

HOLIDAY, WORKING_DAY = "休", "班"
COLUMNS = [
    Column("date", gettext_lazy("Date"), 14, required=True),
    Column(
        "kind",
        gettext_lazy("Holiday or working day"),
        22,
        required=True,
        choices=(HOLIDAY, WORKING_DAY),
    ),
    Column("name", gettext_lazy("Occasion"), 20),
]
KEYS = [column.key for column in COLUMNS]
LETTERS = {key: chr(ord("A") + index) for index, key in enumerate(KEYS)}

# What the kind column may say: the notice's own words, and English.
KINDS = {
    normalized(word): is_working_day
    for words, is_working_day in (
        ((HOLIDAY, "假", "休息", "放假", "节假日", "holiday", "day off", "off"), False),
        ((WORKING_DAY, "上班", "补班", "调休上班", "工作日", "working day", "workday"), True),
    )
    for word in words
}
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def calendar_template() -> bytes:
    return write_template(
        COLUMNS,
        title=_("Holidays"),
        notes=[
            _(
                "One row per date of the State Council's holiday notice for the year: every "
                "day off (休), including the weekend days inside a holiday, and every make-up "
                "working day (班, usually a weekend day worked)."
            ),
            _("Date: 2027-10-01, 2027/10/1 or 2027年10月1日, or an Excel date."),
            _("Holiday or working day: 休 (holiday) or 班 (make-up working day)."),
            _("Occasion: the holiday's name, e.g. 国庆节 (optional)."),
            _(
                "Importing replaces every day entered for the year and marks the year as "
                "entered: windows and deadlines may then be counted in it."
            ),
        ],
    )


def _cell_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_TEXT.match(cell_text(value))
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _problem(reason: str, number: int, key: str) -> RowProblem:
    column = COLUMNS[KEYS.index(key)]
    return RowProblem(reason, row=number, column=LETTERS[key], column_name=column.name, field=key)


def read_calendar(upload, year: int) -> list[EnteredDay]:
    """The file's days, checked; ImportRejected with every bad row otherwise."""
    with open_sheet(upload) as sheet:
        rows = data_rows(sheet.iter_rows(min_row=2, values_only=True), len(COLUMNS))
    problems, days, first_row_of = [], [], {}
    for number, cells in rows:
        row = dict(zip(KEYS, cells, strict=True))
        found = []
        day = _cell_date(row["date"])
        if day is None:
            found.append(
                _problem(
                    _("“%(value)s” is not a date.") % {"value": cell_text(row["date"]) or "—"},
                    number,
                    "date",
                )
            )
        elif day.year != year:
            found.append(
                _problem(
                    _("%(date)s is not in %(year)s.") % {"date": date_format(day), "year": year},
                    number,
                    "date",
                )
            )
        elif day in first_row_of:
            found.append(
                _problem(
                    _("%(date)s is already on row %(row)d.")
                    % {"date": date_format(day), "row": first_row_of[day]},
                    number,
                    "date",
                )
            )
        kind = KINDS.get(normalized(cell_text(row["kind"])))
        if kind is None:
            found.append(
                _problem(
                    _("Say 休 for a holiday or 班 for a make-up working day, not “%(value)s”.")
                    % {"value": cell_text(row["kind"]) or "—"},
                    number,
                    "kind",
                )
            )
        name = cell_text(row["name"])
        if len(name) > NAME_MAX_LENGTH:
            found.append(
                _problem(
                    _("Keep the name to %(limit)d characters.") % {"limit": NAME_MAX_LENGTH},
                    number,
                    "name",
                )
            )
        if day is not None and day not in first_row_of:
            first_row_of[day] = number
        if found:
            problems.extend(found)
        elif not problems:
            days.append(EnteredDay(day, kind, name))
    if problems:
        raise ImportRejected(problems)
    if not any(not day.is_working_day for day in days):
        raise rejected(_("The file lists no holiday: a year's notice lists its days off (休)."))
    return days


def import_calendar_year(*, actor, year: int, upload, source: str = "", progress=SILENT) -> dict:
    """Check the file, then replace the year's entered days with it and mark the year
    entered; or raise ImportRejected (bad rows, or not a usable file) and save nothing."""
    require_calendar_editor(actor)
    check_year(year)
    days = read_calendar(upload, year)
    progress.set_total(len(days))
    progress.advance(len(days))
    replace_year(actor=actor, year=year, days=days, source=source, progress=progress)
    return {
        "created": len(days),
        "holidays": sum(not day.is_working_day for day in days),
        "working_days": sum(day.is_working_day for day in days),
        "year": year,
    }
