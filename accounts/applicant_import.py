"""The Excel file for importing applicant accounts: its columns, the downloadable template,
and reading an upload into rows. The rules each row must meet are the account rules in
accounts.services.import_applicants."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from zipfile import BadZipFile

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import IdType

TEMPLATE_FILENAME = "applicant-import-template.xlsx"


@dataclass(frozen=True)
class Column:
    field: str
    # The header is bilingual whatever the reader's language: one file format for everyone.
    chinese: str
    english: str
    label: str  # lazily translated, for messages
    required: bool
    width: int


COLUMNS = (
    Column("real_name", "姓名", "Real name", gettext_lazy("Real name"), True, 14),
    Column("id_type", "证件类型", "ID type", gettext_lazy("ID type"), False, 34),
    Column("id_number", "证件号码", "ID number", gettext_lazy("ID number"), True, 22),
    Column("phone", "手机号码", "Mobile phone", gettext_lazy("Mobile phone"), False, 16),
    Column("email", "电子邮箱", "E-mail", gettext_lazy("E-mail"), True, 28),
    Column(
        "username",
        "用户名（可选，默认为证件号码）",
        "Username (optional, defaults to the ID number)",
        gettext_lazy("Username"),
        False,
        24,
    ),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
ID_TYPE_SHEET = "证件类型 ID types"


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded file. `row` is the spreadsheet row number (the header is
    row 1); None when the problem concerns the whole file."""

    row: int | None
    field: str
    reason: str
    column: str = ""  # the spreadsheet column letter, when known

    @property
    def column_name(self) -> str:
        column = COLUMN_BY_FIELD.get(self.field)
        return str(column.label) if column else ""

    def sort_key(self):
        order = list(COLUMN_BY_FIELD).index(self.field) if self.field in COLUMN_BY_FIELD else -1
        return (self.row or 0, order)


class ImportRejected(Exception):  # noqa: N818 - it is an outcome the user sees, not a bug
    """The file imports nothing; `errors` lists every problem found in it."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s) in the imported file")
        self.errors = errors


@dataclass
class Sheet:
    rows: list["Row"]
    letters: dict[str, str] = field(default_factory=dict)  # field -> column letter

    def error(self, row: int | None, field_name: str, reason: str) -> RowError:
        return RowError(row, field_name, reason, self.letters.get(field_name, ""))


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]


def build_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报人 Applicants"
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=f"{column.chinese}\n{column.english}")
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        # Typed as text, so Excel keeps an 18-digit ID number and leading zeros exactly.
        dimension.number_format = "@"
    sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = "A2"

    types = workbook.create_sheet(ID_TYPE_SHEET)
    types.append(["证件类型", "ID type", "code"])
    for value, _label in IdType.choices:
        with translation.override("zh-hans"):
            chinese = str(IdType(value).label)
        with translation.override("en"):
            english = str(IdType(value).label)
        types.append([chinese, english, value])
    types.column_dimensions["A"].width = 40
    types.column_dimensions["B"].width = 48
    id_type_column = get_column_letter(list(COLUMN_BY_FIELD).index("id_type") + 1)
    choice = DataValidation(
        type="list",
        formula1=f"'{ID_TYPE_SHEET}'!$A$2:$A${len(IdType.choices) + 1}",
        allow_blank=True,
        showErrorMessage=False,  # English labels and codes are accepted too
    )
    choice.add(f"{id_type_column}2:{id_type_column}1048576")
    sheet.add_data_validation(choice)

    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _normalized(text) -> str:
    return re.sub(r"[\s\-_]+", "", str(text or "")).lower()


def _name_part(text) -> str:
    """A header without its note in brackets, which may mention other columns."""
    return re.split(r"[(（]", _normalized(text))[0]


def _column_for_header(text) -> Column | None:
    header = _normalized(text)
    for column in COLUMNS:
        names = (column.chinese, column.english, column.field)
        if any(header.startswith(_name_part(name)) for name in names):
            return column
    return None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def read_rows(file) -> Sheet:
    """Every non-empty row below the header, with cells by field name. Problems that make
    the whole file unusable raise ImportRejected."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as error:
        raise ImportRejected(
            [
                RowError(
                    None,
                    "",
                    _(
                        "This file is not an Excel workbook (.xlsx): "
                        "fill in the template and upload it."
                    ),
                )
            ]
        ) from error
    try:
        return _read_sheet(workbook.worksheets[0])
    finally:
        workbook.close()


def _read_sheet(worksheet) -> Sheet:
    cells = worksheet.iter_rows(values_only=True)
    positions: dict[str, int] = {}
    for index, text in enumerate(next(cells, None) or ()):
        column = _column_for_header(text)
        if column and column.field not in positions:
            positions[column.field] = index
    sheet = Sheet(
        rows=[],
        letters={name: get_column_letter(index + 1) for name, index in positions.items()},
    )
    missing = [column for column in COLUMNS if column.required and column.field not in positions]
    if missing:
        raise ImportRejected(
            [
                sheet.error(
                    1,
                    column.field,
                    _("The header row has no “%(column)s” column: use the template.")
                    % {"column": column.label},
                )
                for column in missing
            ]
        )
    limit = settings.BULK_IMPORT_MAX_ROWS
    for number, values in enumerate(cells, start=2):
        row = {
            name: _cell_text(values[index]) if index < len(values) else ""
            for name, index in positions.items()
        }
        if not any(row.values()):
            continue
        if len(sheet.rows) == limit:
            raise ImportRejected(
                [
                    RowError(
                        number,
                        "",
                        _(
                            "The file has more than %(limit)d rows: "
                            "import at most %(limit)d at a time."
                        )
                        % {"limit": limit},
                    )
                ]
            )
        sheet.rows.append(Row(number, row))
    if not sheet.rows:
        raise ImportRejected([RowError(None, "", _("The file has no rows to import."))])
    return sheet


def id_type_lookup() -> dict[str, str]:
    """Accepted spellings of each ID document type: its code and its label in every UI
    language, compared without case or spaces."""
    lookup = {}
    for value, _label in IdType.choices:
        lookup[_normalized(value)] = value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[_normalized(IdType(value).label)] = value
    return lookup


def parse_id_type(text: str, lookup: dict[str, str]) -> str | None:
    """The IdType value for a cell, the resident ID for a blank one, None when unknown."""
    if not text:
        return IdType.RESIDENT_ID
    return lookup.get(_normalized(text))
