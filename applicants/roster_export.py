"""The roster of qualification evaluation objects (资格评审对象花名册) of a plan, as Excel: the
list the office sends with its application for the review meeting."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from accounts.models import IdType
from applicants.models import Declaration
from titles.models import Education, Level

FORMULA_STARTS = ("=", "+", "-", "@")


def _gender(user) -> str:
    """A mainland resident ID's 17th digit is odd for men, even for women."""
    number = user.id_number or ""
    if user.id_type != IdType.RESIDENT_ID or len(number) != 18 or not number[16].isdigit():
        return ""
    return _("Male") if int(number[16]) % 2 else _("Female")


def _text_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # A name or unit typed as "=HYPERLINK(...)" stays the text it is, never a formula.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def roster_headers() -> list[str]:
    return [
        _("No."),
        _("Name"),
        _("Gender"),
        _("ID number"),
        _("Unit"),
        _("Education"),
        _("Field of study"),
        _("Started work"),
        _("Current title"),
        _("Current title obtained on"),
        _("Professional years"),
        _("Title declared"),
        _("Specialty"),
        _("Channel"),
        _("Status"),
    ]


def roster_row(number: int, declaration: Declaration) -> list:
    applicant = declaration.applicant
    current = declaration.current_title_name or (
        Level(declaration.current_title_level).label if declaration.current_title_level else ""
    )
    return [
        number,
        applicant.real_name or applicant.username,
        _gender(applicant),
        applicant.id_number,
        declaration.employer.name,
        str(Education(declaration.education).label),
        declaration.field_of_study,
        declaration.work_started_on.isoformat() if declaration.work_started_on else "",
        str(current),
        declaration.current_title_obtained_on.isoformat()
        if declaration.current_title_obtained_on
        else "",
        declaration.professional_years,
        declaration.title.name_zh,
        declaration.specialty.name_zh,
        str(declaration.get_channel_display()),
        str(declaration.get_status_display()),
    ]


def write_roster(declarations, stream, *, heading: str) -> None:
    """Write the roster to a binary stream in write-only mode, row by row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Roster")[:31])
    sheet.append([_text_cell(sheet, heading)])
    sheet.append(roster_headers())
    for number, declaration in enumerate(declarations.iterator(chunk_size=500), start=1):
        sheet.append([_text_cell(sheet, value) for value in roster_row(number, declaration)])
    workbook.save(stream)


def roster_filename(plan) -> str:
    return f"roster-plan-{plan.pk}.xlsx"
