"""The roster of qualification evaluation objects (资格评审对象花名册) sent with the meeting
application, as an Excel workbook written in write-only mode. Every cell holding a person's
text is stored as text, so that a value starting with = + - @ never becomes a formula."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from core.masking import mask_id_number
from juries.selectors import meeting_candidates


def _text_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
    cell.data_type = "s"  # never a formula, whatever the first character
    return cell


def roster_workbook(meeting) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Roster"))
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (6, 12, 22, 30, 18, 18, 16, 14, 14, 16, 10, 14, 14, 16), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.append(
        [_text_cell(sheet, f"{meeting.jury.name} · {meeting.name} · {meeting.held_on:%Y-%m-%d}")]
    )
    headers = [
        _("No."),
        _("Name"),
        _("ID document number"),
        _("Employer"),
        _("Title declared"),
        _("Specialty"),
        _("Channel"),
        _("Current title"),
        _("Obtained on"),
        _("Education"),
        _("Professional years"),
        _("Review group"),
        _("Submitted on"),
        _("Field of study"),
    ]
    sheet.append([_text_cell(sheet, header) for header in headers])
    for number, candidate in enumerate(meeting_candidates(meeting), start=1):
        declaration = candidate.declaration
        row = [
            number,
            _text_cell(sheet, declaration.applicant.real_name),
            # Masked (core/masking.py): the office's roster with whole numbers is the plan's
            # (applicants:roster-export), which records each person shown.
            _text_cell(sheet, mask_id_number(declaration.applicant.id_number)),
            _text_cell(sheet, declaration.employer.name),
            _text_cell(sheet, declaration.title.name_zh),
            _text_cell(sheet, declaration.specialty.name_zh),
            _text_cell(sheet, declaration.get_channel_display()),
            _text_cell(sheet, declaration.current_title_name),
            _text_cell(sheet, declaration.current_title_obtained_on or ""),
            _text_cell(sheet, declaration.get_education_display()),
            declaration.professional_years,
            _text_cell(sheet, candidate.group.specialty.name_zh if candidate.group else ""),
            _text_cell(
                sheet,
                timezone.localdate(declaration.submitted_at) if declaration.submitted_at else "",
            ),
            _text_cell(sheet, declaration.field_of_study),
        ]
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
