"""The Excel file for importing applicant accounts: its columns, the downloadable template,
and reading an upload into rows. The rules each row must meet are the account rules in
accounts.services.import_applicants."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from accounts.models import IdType
from core.spreadsheet_import import (
    ChoiceSheet,
    Column,
    ImportRejected,
    RowProblem,
    cell_text,
    data_rows,
    normalized,
    open_sheet,
    write_template,
)

TEMPLATE_FILENAME = "applicant-import-template.xlsx"


@dataclass(frozen=True)
class TemplateColumn:
    field: str
    # The header is bilingual whatever the reader's language: one file format for everyone.
    chinese: str
    english: str
    label: str  # lazily translated, for messages
    required: bool
    width: int


COLUMNS = (
    TemplateColumn("real_name", "姓名", "Real name", gettext_lazy("Real name"), True, 14),
    TemplateColumn("id_type", "证件类型", "ID type", gettext_lazy("ID type"), False, 34),
    TemplateColumn("id_number", "证件号码", "ID number", gettext_lazy("ID number"), True, 22),
    TemplateColumn("phone", "手机号码", "Mobile phone", gettext_lazy("Mobile phone"), False, 16),
    TemplateColumn("email", "电子邮箱", "E-mail", gettext_lazy("E-mail"), True, 28),
    TemplateColumn(
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


@dataclass
class Sheet:
    rows: list["Row"]
    letters: dict[str, str] = field(default_factory=dict)  # field -> column letter

    def error(self, row: int | None, field_name: str, reason: str) -> RowProblem:
        column = COLUMN_BY_FIELD.get(field_name)
        return RowProblem(
            reason,
            row=row,
            column=self.letters.get(field_name, ""),
            column_name=str(column.label) if column else "",
            field=field_name,
        )


def problem_order(problem: RowProblem):
    """Row by row, and within a row in the template's column order."""
    fields = list(COLUMN_BY_FIELD)
    return (problem.row or 0, fields.index(problem.field) if problem.field in fields else -1)


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]


def build_template() -> bytes:
    with translation.override("zh-hans"):
        chinese = {value: str(IdType(value).label) for value, _label in IdType.choices}
    with translation.override("en"):
        english = {value: str(IdType(value).label) for value, _label in IdType.choices}
    return write_template(
        [
            # Typed as text, so Excel keeps an 18-digit ID number and leading zeros exactly.
            Column(
                c.field,
                f"{c.chinese}\n{c.english}",
                c.width,
                label=c.label,
                required=c.required,
                text=True,
            )
            for c in COLUMNS
        ],
        title="申报人 Applicants",
        choice_sheet=ChoiceSheet(
            title=ID_TYPE_SHEET,
            column="id_type",
            header=("证件类型", "ID type", "code"),
            rows=[(chinese[value], english[value], value) for value, _label in IdType.choices],
            widths=(40, 48),
        ),
    )


def _name_part(text) -> str:
    """A header without its note in brackets, which may mention other columns."""
    return re.split(r"[(（]", normalized(text))[0]


def _column_for_header(text) -> TemplateColumn | None:
    header = normalized(text)
    for column in COLUMNS:
        names = (column.chinese, column.english, column.field)
        if any(header.startswith(_name_part(name)) for name in names):
            return column
    return None


def read_rows(file) -> Sheet:
    """Every non-empty row below the header, with cells by field name. Problems that make
    the whole file unusable raise ImportRejected."""
    with open_sheet(file) as worksheet:
        return _read_sheet(worksheet)


def _read_sheet(worksheet) -> Sheet:
    cells = worksheet.iter_rows(values_only=True)
    positions: dict[str, int] = {}
    header = next(cells, None) or ()
    for index, text in enumerate(header):
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
    for number, values in data_rows(cells, len(header)):
        row = {
            name: cell_text(values[index]) if index < len(values) else ""
            for name, index in positions.items()
        }
        sheet.rows.append(Row(number, row))
    return sheet


def id_type_lookup() -> dict[str, str]:
    """Accepted spellings of each ID document type: its code and its label in every UI
    language, compared without case or spaces."""
    lookup = {}
    for value, _label in IdType.choices:
        lookup[normalized(value)] = value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[normalized(IdType(value).label)] = value
    return lookup


def parse_id_type(text: str, lookup: dict[str, str]) -> str | None:
    """The IdType value for a cell, the resident ID for a blank one, None when unknown."""
    if not text:
        return IdType.RESIDENT_ID
    return lookup.get(normalized(text))
