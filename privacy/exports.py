"""The person's own data as files: JSON for machines, an Excel workbook to read."""

import json
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheet_import import safe_cell


def as_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _flat(value):
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _sheet(workbook, title: str, rows: list[dict]):
    sheet = workbook.create_sheet(title=title[:31])
    if not rows:
        sheet.append([safe_cell(sheet, _("Nothing held."))])
        return
    columns = list(rows[0])
    sheet.append([safe_cell(sheet, column) for column in columns])
    for row in rows:
        sheet.append([safe_cell(sheet, _flat(row.get(column))) for column in columns])


def as_workbook(data: dict) -> bytes:
    workbook = Workbook(write_only=True)
    account = {key: value for key, value in data["account"].items() if key != "roles"}
    _sheet(workbook, _("Account"), [account])
    _sheet(workbook, _("Roles"), data["account"]["roles"])
    declarations = [
        {key: value for key, value in item.items() if key != "materials"}
        for item in data["declarations"]
    ]
    _sheet(workbook, _("Declarations"), declarations)
    materials = [
        {"declaration": item["id"], **material}
        for item in data["declarations"]
        for material in item["materials"]
    ]
    _sheet(workbook, _("Proof materials"), materials)
    _sheet(workbook, _("Credit hours"), data["credit_hours"])
    _sheet(workbook, _("Exams"), data["exams"])
    _sheet(workbook, _("Certificates"), data["certificates"])
    _sheet(workbook, _("Messages"), data["messages"])
    _sheet(workbook, _("Erasure requests"), data["erasure_requests"])
    _sheet(workbook, _("Who saw my data"), data["seen_by"])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
