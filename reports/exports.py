"""The statistics as one Excel workbook, a sheet per figure, written in openpyxl's write-only
mode. Names typed by users (units, institutions) that start with = + - @ stay text, through
the quota export's cell helper."""

import re
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheet_import import XLSX_CONTENT_TYPE, safe_cell
from reports.figures import SHARE, TEXT, Figure

__all__ = ["XLSX_CONTENT_TYPE", "statistics_workbook"]

SHEET_NAME_LENGTH = 31  # Excel's limit
FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    base = FORBIDDEN_IN_SHEET_NAMES.sub(" ", name).strip()[:SHEET_NAME_LENGTH] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" {number}"
        candidate = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def _value_cell(sheet, value, kind):
    if kind == SHARE and value is not None:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "0.0%"
        return cell
    return safe_cell(sheet, value)


def statistics_workbook(figures: list[Figure], *, heading: str) -> bytes:
    """`heading`: what the figures cover (the year, or the plan's name), on each sheet's first
    row after the figure's title; the column headers are on the second row."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    taken = set()
    for figure in figures:
        sheet = workbook.create_sheet(sheet_name(figure.sheet_name, taken))
        for index, column in enumerate(figure.columns, start=1):
            width = 36 if column.kind == TEXT and index == 1 else 14
            sheet.column_dimensions[get_column_letter(index)].width = width
        title = WriteOnlyCell(sheet, value=f"{figure.title} · {heading}")
        title.font = bold
        sheet.append([title, safe_cell(sheet, figure.summary)])
        headers = []
        for column in figure.columns:
            cell = WriteOnlyCell(sheet, value=str(column.header))
            cell.font = bold
            headers.append(cell)
        sheet.append(headers)
        for row in figure.rows:
            sheet.append(
                [
                    _value_cell(sheet, value, column.kind)
                    for value, column in zip(row, figure.columns, strict=True)
                ]
            )
    if not figures:
        workbook.create_sheet(_("Statistics"))
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
