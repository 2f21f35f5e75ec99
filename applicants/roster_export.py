"""The roster of qualification evaluation objects (资格评审对象花名册) of a plan, as Excel: the
list the office sends with its application for the review meeting.

A roster may hold 100,000 rows, so the workbook is streamed straight into its zip archive by
the small writer below (one sheet, inline strings) instead of being built cell object by
cell object with openpyxl, which took five times as long (bench/roster_excel.py). Memory
stays flat whatever the number of rows. A text that starts like a formula stays text: an
inline string is never evaluated, and it carries Excel's quote prefix, so that editing the
cell keeps it text.

ID numbers are masked (core/masking.py) unless the office chose to include them whole, which
only the office of the plan's jury may (applicants.permissions.roster_id_number_membership);
the caller then records every person written (accounts.id_number_access).
"""

import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from accounts.models import IdType
from applicants.models import Declaration
from core.masking import mask_id_number
from core.spreadsheet_import import looks_like_formula
from titles.models import Education, Level

# Characters XML 1.0 cannot carry: dropped from cell texts.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPES = (
    f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{OFFICE_TYPE}.styles+xml"/></Types>'
)
PACKAGE_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" '
    f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{PACKAGE_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/></Relationships>'
)
# Cell style 0 is the default; style 1 adds the quote prefix ("this is text").
STYLES = (
    f'{XML_HEAD}<styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


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


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


class RosterRows:
    """The roster's rows. The labels are translated once per roster, in the language active
    when it starts, not once per row."""

    def __init__(self, *, full_id_numbers: bool = False):
        self.full_id_numbers = full_id_numbers
        self.education = _labels(Education.choices)
        self.levels = _labels(Level.choices)
        self.channels = _labels(Declaration.Channel.choices)
        self.statuses = _labels(Declaration.Status.choices)
        self.male, self.female = _("Male"), _("Female")

    def gender(self, user) -> str:
        """A mainland resident ID's 17th digit is odd for men, even for women."""
        number = user.id_number or ""
        if user.id_type != IdType.RESIDENT_ID or len(number) != 18 or not number[16].isdigit():
            return ""
        return self.male if int(number[16]) % 2 else self.female

    def row(self, number: int, declaration: Declaration) -> list:
        applicant = declaration.applicant
        level = declaration.current_title_level
        started, obtained = declaration.work_started_on, declaration.current_title_obtained_on
        return [
            number,
            applicant.real_name or applicant.username,
            self.gender(applicant),
            applicant.id_number if self.full_id_numbers else mask_id_number(applicant.id_number),
            declaration.employer.name,
            self.education.get(declaration.education, ""),
            declaration.field_of_study,
            started.isoformat() if started else "",
            declaration.current_title_name or (self.levels.get(level, "") if level else ""),
            obtained.isoformat() if obtained else "",
            declaration.professional_years,
            declaration.title.name_zh,
            declaration.specialty.name_zh,
            self.channels.get(declaration.channel, declaration.channel),
            self.statuses.get(declaration.status, declaration.status),
        ]


def roster_row(number: int, declaration: Declaration) -> list:
    return RosterRows().row(number, declaration)


def _column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class SheetWriter:
    """The rows of one worksheet, written into the archive as XML as they come."""

    def __init__(self, part):
        self.part = part
        self.rows = 0
        self.columns: list[str] = []

    @staticmethod
    def cell(reference: str, value) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f'<c r="{reference}"><v>{value}</v></c>'
        text = ILLEGAL_XML.sub("", str(value))
        style = ' s="1"' if looks_like_formula(text) else ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{reference}"{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'

    def append(self, values) -> None:
        self.rows += 1
        while len(self.columns) < len(values):
            self.columns.append(_column(len(self.columns)))
        number = self.rows
        cells = "".join(
            self.cell(f"{column}{number}", value)
            for column, value in zip(self.columns, values, strict=False)
        )
        self.part.write(f'<row r="{number}">{cells}</row>'.encode())


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet1"


def write_roster(declarations, stream, *, heading: str, full_id_numbers: bool = False) -> list:
    """Write the roster to a binary stream as an .xlsx workbook, row by row. `declarations`
    is anything whose `.iterator(chunk_size)` yields declarations. Answers the ids of the
    applicants written, for recording an export of whole ID numbers."""
    rows = RosterRows(full_id_numbers=full_id_numbers)
    applicant_ids = []
    workbook = (
        f'{XML_HEAD}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet '
        f'name={quoteattr(_sheet_name(_("Roster")))} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'{XML_HEAD}<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode())
            sheet = SheetWriter(part)
            sheet.append([heading])
            sheet.append(roster_headers())
            for number, declaration in enumerate(declarations.iterator(chunk_size=2000), start=1):
                sheet.append(rows.row(number, declaration))
                applicant_ids.append(declaration.applicant_id)
            part.write(b"</sheetData></worksheet>")
    return applicant_ids


def roster_filename(plan) -> str:
    return f"roster-plan-{plan.pk}.xlsx"
