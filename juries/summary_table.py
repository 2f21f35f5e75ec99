"""The candidates' summary table (评审简表) of a meeting or of one review group: the figures
the experts compare side by side, one row per candidate, as an Excel workbook (landscape,
written in write-only mode) and as the rows of its PDF (juries/meeting_documents.py).

Every figure comes from the declaration as the office qualified it, read in a fixed number of
queries whatever the size of the roster. ID numbers are left out: the experts compare
qualifications, not identities. Continuing education is each counted year's certified and
required hours as the last submission's findings report kept them (continuing_ed, a peer
app this one does not read, adds them to the report); a report made before the hours were
kept gives what the eligibility check found instead."""

import io
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from applicants.eligibility import Finding
from applicants.eligibility_dates import whole_months
from applicants.eligibility_reports import reported_hours
from applicants.models import Achievement, AnnualAssessment, FindingsReport
from audit.models import AuditRecord
from core.spreadsheet_import import safe_cell
from juries.models import ReviewGroup, ReviewMeeting

CE_SHORT = "ce_hours_short"


@dataclass(frozen=True)
class SummaryRow:
    number: int
    candidate_id: int
    applicant_id: int
    name: str
    employer: str
    specialty: str
    group: str
    current_title: str
    current_title_since: str
    title_declared: str
    education: str
    years_in_post: int | None
    professional_years: int | None
    achievement_counts: str
    achievements: list[str]
    assessments: str
    continuing_education: str
    qualification: str


def summary_candidates(meeting: ReviewMeeting, *, group: ReviewGroup | None = None) -> QuerySet:
    """The meeting's candidates (or one group's) with everything the table shows."""
    candidates = meeting.candidates.all()
    if group is not None:
        candidates = candidates.filter(group=group)
    return (
        candidates.select_related(
            "declaration__applicant",
            "declaration__employer",
            "declaration__title",
            "declaration__specialty",
            "group__specialty",
        )
        .prefetch_related(
            Prefetch(
                "declaration__achievements",
                queryset=Achievement.objects.order_by("achieved_on", "pk"),
            ),
            Prefetch(
                "declaration__assessments",
                queryset=AnnualAssessment.objects.order_by("year"),
            ),
        )
        .order_by("group__specialty__code", "declaration__applicant__real_name", "pk")
    )


def _day(value) -> str:
    return date_format(value, "Y-m-d") if value else ""


def _qualifications(declaration_ids) -> dict[int, AuditRecord]:
    """The office's last pass of each declaration's qualification check."""
    records = AuditRecord.objects.filter(
        declaration_id__in=declaration_ids, action="qualify"
    ).order_by("declaration_id", "pk")
    return {record.declaration_id: record for record in records}


def _latest_reports(declaration_ids) -> dict[int, FindingsReport]:
    reports = (
        FindingsReport.objects.filter(declaration_id__in=declaration_ids)
        .order_by("declaration_id", "-created_at", "-pk")
        .only("declaration_id", "findings", "inputs")
    )
    latest: dict[int, FindingsReport] = {}
    for report in reports:
        latest.setdefault(report.declaration_id, report)
    return latest


def _continuing_education(report: FindingsReport | None) -> str:
    if report is None:
        return "—"
    hours = reported_hours(report.inputs or {})
    if hours is not None:
        return (
            "\n".join(
                _("%(year)s: %(certified)s of %(required)s hours")
                % {"year": year, "certified": certified, "required": required}
                for year, certified, required in hours
            )
            or "—"
        )
    findings = report.findings or []
    short = [Finding.from_stored(item) for item in findings if item.get("code") == CE_SHORT]
    if not short:
        return _("No shortfall found when submitted")
    return "\n".join(
        _("%(year)s: %(certified)s of %(required)s hours")
        % {
            "year": finding.evidence.get("year", ""),
            "certified": finding.evidence.get("certified_total", ""),
            "required": finding.evidence.get("required_total", ""),
        }
        for finding in short
    )


def _qualification(record: AuditRecord | None) -> str:
    if record is None:
        return "—"
    day = _day(timezone.localdate(record.created_at))
    if record.reason:
        return _("Qualified on %(day)s: %(reason)s") % {"day": day, "reason": record.reason}
    return _("Qualified on %(day)s") % {"day": day}


def _years_in_post(declaration, cutoff) -> int | None:
    """Whole years holding the current title, to the plan's achievement cut-off (the day the
    eligibility rules count to)."""
    obtained = declaration.current_title_obtained_on
    if obtained is None or cutoff is None:
        return None
    return whole_months(obtained, cutoff) // 12


def summary_rows(meeting: ReviewMeeting, candidates) -> list[SummaryRow]:
    candidates = list(candidates)
    declaration_ids = [candidate.declaration_id for candidate in candidates]
    qualified = _qualifications(declaration_ids)
    reports = _latest_reports(declaration_ids)
    cutoff = meeting.plan.achievement_cutoff
    rows = []
    for number, candidate in enumerate(candidates, start=1):
        declaration = candidate.declaration
        achievements = list(declaration.achievements.all())
        counts = Counter(achievement.get_kind_display() for achievement in achievements)
        rows.append(
            SummaryRow(
                number=number,
                candidate_id=candidate.pk,
                applicant_id=declaration.applicant_id,
                name=declaration.applicant.real_name,
                employer=declaration.employer.name,
                specialty=declaration.specialty.name_zh,
                group=candidate.group.specialty.name_zh if candidate.group else "",
                current_title=declaration.current_title_name,
                current_title_since=_day(declaration.current_title_obtained_on),
                title_declared=declaration.title.name_zh,
                education=declaration.get_education_display(),
                years_in_post=_years_in_post(declaration, cutoff),
                professional_years=declaration.professional_years,
                achievement_counts=pgettext("list separator", ", ").join(
                    f"{kind} {count}" for kind, count in counts.items()
                ),
                achievements=[
                    f"{_day(item.achieved_on)} {item.get_kind_display()}: {item.title}"
                    for item in achievements
                ],
                assessments=pgettext("list separator", ", ").join(
                    f"{item.year} {item.get_grade_display()}"
                    for item in declaration.assessments.all()
                ),
                continuing_education=_continuing_education(reports.get(declaration.pk)),
                qualification=_qualification(qualified.get(declaration.pk)),
            )
        )
    return rows


def summary_headers() -> list[str]:
    return [
        _("No."),
        _("Name"),
        _("Unit"),
        _("Specialty"),
        _("Current title"),
        _("Held since"),
        _("Title declared"),
        _("Education"),
        _("Years in current title"),
        _("Professional years"),
        _("Achievements"),
        _("Achievements in detail"),
        _("Annual assessments"),
        _("Continuing education"),
        _("Qualification check"),
    ]


COLUMN_WIDTHS = (5, 10, 22, 14, 14, 11, 14, 14, 9, 9, 18, 44, 22, 20, 24)


def summary_title(meeting: ReviewMeeting, group: ReviewGroup | None) -> str:
    parts = [meeting.jury.name, meeting.name, _day(meeting.held_on)]
    if group is not None:
        parts.append(_("Review group: %(specialty)s") % {"specialty": group.specialty.name_zh})
    return " · ".join(parts)


def summary_workbook(meeting: ReviewMeeting, rows: list[SummaryRow], *, title: str) -> bytes:
    """The table as an A4 landscape sheet, one row per candidate; every text a person typed
    is kept as text (core.spreadsheet_import.safe_cell), never read as a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Summary table"))
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "2:2"
    sheet.freeze_panes = "C3"
    for index, width in enumerate(COLUMN_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    heading = safe_cell(sheet, title)
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    header_cells = []
    for header in summary_headers():
        cell = safe_cell(sheet, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    sheet.append(header_cells)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        values = [
            row.number,
            row.name,
            row.employer,
            row.specialty,
            row.current_title,
            row.current_title_since,
            row.title_declared,
            row.education,
            row.years_in_post,
            row.professional_years,
            row.achievement_counts,
            "\n".join(row.achievements),
            row.assessments,
            row.continuing_education,
            row.qualification,
        ]
        cells = []
        for value in values:
            cell = safe_cell(sheet, value)
            cell.alignment = wrapped
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
