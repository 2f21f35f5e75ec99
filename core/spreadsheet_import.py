"""The spreadsheet kit every Excel import and export uses: the content type, cells that never
turn a user's text into a formula, the template a user fills in, reading an upload safely, and
the one way an import refuses a file: `ImportRejected`, carrying every bad row with its row,
column and reason, so that nothing is saved and the user can correct everything at once.

An importer reads with `open_sheet` and `data_rows`, collects a `RowProblem` per bad cell or
row, and raises `ImportRejected(problems)` when there is any. The API answers it as a 400 in
the error shape (core.errors), a job lists the problems on its page (jobs.services)."""

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from zipfile import BadZipFile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@")


# --- cells that stay text -----------------------------------------------------------------


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_cell(sheet, value):
    """A write-only cell holding `value`. Text Excel would read as a formula is stored as a
    string with Excel's quote prefix, so that editing the cell keeps it text."""
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_text(value):
    """A user's text for a plain cell: never a formula."""
    if looks_like_formula(value):
        return "'" + value
    return value


# --- the one refusal ----------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """One problem in an uploaded file. `row` is the row number Excel shows (the header is row
    1), None when the problem concerns the whole file; `column` is the column letter and
    `column_name` its name, when the importer knows them."""

    reason: str
    row: int | None = None
    column: str = ""
    column_name: str = ""
    field: str = ""  # the importer's name for the column, for ordering and tests

    @property
    def where(self) -> str:
        """The column as a reader finds it: "C · ID number"."""
        name = str(self.column_name)
        if self.column and name:
            return f"{self.column} · {name}"
        return self.column or name

    @property
    def cell(self) -> str:
        """The problem's place as a spreadsheet reference ("C3", or "3" for a whole row), or
        "file" for the whole file: the key of its message in an API error body."""
        if self.row is None:
            return self.column or "file"
        return f"{self.column}{self.row}"

    def as_json(self) -> dict:
        return {"row": self.row, "column": self.where, "reason": str(self.reason)}


class ImportRejected(Exception):  # noqa: N818 - an outcome the user sees, not a bug
    """The file imports nothing: `problems` lists every problem found in it; `message` says
    why when it is not about rows (the importer may no longer import, for example)."""

    def __init__(self, problems: Sequence[RowProblem], message: str = ""):
        super().__init__(message or f"{len(problems)} problem(s) in the imported file")
        self.problems = list(problems)
        self.message = message

    @property
    def detail(self) -> str:
        return str(self.message) or _(
            "Nothing was imported: correct these rows and upload the file again."
        )

    def errors_by_cell(self) -> dict[str, list[str]]:
        """{"C3": [reasons], "4": [reasons], "file": [reasons]}, for the API's error body."""
        errors: dict[str, list[str]] = {}
        for problem in self.problems:
            errors.setdefault(problem.cell, []).append(str(problem.reason))
        return errors


def rejected(reason: str, *, row: int | None = None) -> ImportRejected:
    """A refusal of the whole file (or of one row) for one reason."""
    return ImportRejected([RowProblem(reason, row=row)])


# --- reading an upload --------------------------------------------------------------------


@contextmanager
def open_sheet(file) -> Iterator:
    """The first worksheet of an uploaded workbook, read-only, closed afterwards. A file that
    is not a workbook is refused as a whole."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as error:
        raise rejected(
            _("This file is not an Excel workbook (.xlsx): fill in the template and upload it.")
        ) from error
    try:
        yield workbook.worksheets[0]
    finally:
        workbook.close()


def data_rows(cells, width: int, *, first_row: int = 2) -> list[tuple[int, tuple]]:
    """(row number, `width` cells) for every row of `cells` (an iterator of row values, the
    header already taken) that is not empty. Refuses a file above BULK_IMPORT_MAX_ROWS rows
    or without any data row."""
    limit = settings.BULK_IMPORT_MAX_ROWS
    rows = []
    for number, values in enumerate(cells, start=first_row):
        values = tuple(values[:width]) + (None,) * (width - len(values))
        if all(cell_text(value) == "" for value in values):
            continue
        if len(rows) == limit:
            raise rejected(
                _("The file has more than %(limit)d rows: import at most %(limit)d at a time.")
                % {"limit": limit},
                row=number,
            )
        rows.append((number, values))
    if not rows:
        raise rejected(_("The file has no data rows below the header."))
    return rows


def cell_text(value) -> str:
    """A cell as text: whole numbers without ".0", dates in ISO form, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def normalized(text) -> str:
    """Text compared without case, spaces, dashes or underscores (headers, choices)."""
    return re.sub(r"[\s\-_]+", "", str(text or "")).lower()


# --- the template ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A template column. `header` is what the header cell says (bilingual where one file
    format serves every reader), `label` the name messages use."""

    key: str
    header: str
    width: int = 16
    label: str = ""
    required: bool = False  # its header is red
    text: bool = False  # formatted as text, so that Excel keeps every digit of an ID number
    choices: tuple[str, ...] = ()  # offered as a drop-down

    @property
    def name(self) -> str:
        return str(self.label or self.header)


@dataclass(frozen=True)
class ChoiceSheet:
    """A sheet listing a column's accepted values, offered as that column's drop-down."""

    title: str
    column: str  # the key of the column it serves
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[int] = field(default_factory=tuple)


HEADER_FILL = "DDEBF7"


def write_template(
    columns: Sequence[Column],
    *,
    title: str,
    notes: Sequence[str] = (),
    choice_sheet: ChoiceSheet | None = None,
    notes_title: str = "",
) -> bytes:
    """The workbook a user fills in: a styled header row, drop-downs for columns with
    choices, an optional sheet of accepted values and an optional sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    last_row = settings.BULK_IMPORT_MAX_ROWS + 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.text:
            dimension.number_format = "@"
        if column.choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)
    if any("\n" in str(column.header) for column in columns):
        sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = "A2"
    if choice_sheet is not None:
        _add_choice_sheet(workbook, sheet, columns, choice_sheet)
    if notes:
        instructions = workbook.create_sheet(notes_title or _("Instructions"))
        instructions.column_dimensions["A"].width = 100
        for note in notes:
            instructions.append([safe_text(str(note))])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _add_choice_sheet(workbook, sheet, columns, choices: ChoiceSheet) -> None:
    values = workbook.create_sheet(choices.title)
    values.append(list(choices.header))
    for row in choices.rows:
        values.append([safe_text(str(value)) for value in row])
    for index, width in enumerate(choices.widths, start=1):
        values.column_dimensions[get_column_letter(index)].width = width
    keys = [column.key for column in columns]
    letter = get_column_letter(keys.index(choices.column) + 1)
    validation = DataValidation(
        type="list",
        formula1=f"'{choices.title}'!$A$2:$A${len(choices.rows) + 1}",
        allow_blank=True,
        showErrorMessage=False,  # other spellings (English labels, codes) are accepted too
    )
    validation.add(f"{letter}2:{letter}1048576")
    sheet.add_data_validation(validation)
