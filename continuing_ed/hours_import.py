"""Bulk import of credit hours from Excel by providers and employers. The whole file is
checked first; one bad row and nothing is saved, and every bad row is reported with all its
reasons. A good file lands as certified hours in a few bulk inserts."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from continuing_ed.models import ActivityKind, CreditHourRecord, ImportBatch, SubjectKind
from continuing_ed.services import check_dates_in_year, check_year, parse_hours, save_import
from continuing_ed.workbooks import (
    PeopleInScope,
    cell_date,
    cell_int,
    cell_text,
    certificate_number_problems,
    certificate_numbers_taken,
    choice_lookup,
    choice_value,
    read_rows,
    row_person,
)
from core.spreadsheet_import import Column, ImportRejected, RowProblem, write_template
from jobs.progress import SILENT

COLUMNS = [
    Column("id_number", gettext_lazy("ID document number"), 22, text=True),
    Column("name", gettext_lazy("Name"), 12),
    Column("year", gettext_lazy("Year"), 8),
    Column("activity", gettext_lazy("Course or activity"), 30),
    Column(
        "activity_kind",
        gettext_lazy("Activity kind"),
        14,
        choices=("课程", "培训", "学术交流", "学历学位教育", "其他"),
    ),
    Column("subject_kind", gettext_lazy("Subject kind"), 14, choices=("专业科目", "公需科目")),
    Column("provider", gettext_lazy("Provider"), 24),
    Column("hours", gettext_lazy("Hours"), 8),
    Column("started_on", gettext_lazy("Start date"), 12),
    Column("ended_on", gettext_lazy("Completion date"), 14),
    Column("certificate_number", gettext_lazy("Certificate number"), 22, text=True),
]
KEYS = [column.key for column in COLUMNS]

SUBJECT_SYNONYMS = {
    "专业科目": SubjectKind.PROFESSIONAL,
    "专业": SubjectKind.PROFESSIONAL,
    "公需科目": SubjectKind.GENERAL,
    "公需": SubjectKind.GENERAL,
    "公共科目": SubjectKind.GENERAL,
    "一般公需科目": SubjectKind.GENERAL,
}
ACTIVITY_SYNONYMS = {
    "课程": ActivityKind.COURSE,
    "网络课程": ActivityKind.COURSE,
    "培训": ActivityKind.TRAINING,
    "学术交流": ActivityKind.ACADEMIC_EXCHANGE,
    "学术会议": ActivityKind.ACADEMIC_EXCHANGE,
    "学历学位教育": ActivityKind.DEGREE_STUDY,
    "学历教育": ActivityKind.DEGREE_STUDY,
    "学位教育": ActivityKind.DEGREE_STUDY,
    "其他": ActivityKind.OTHER,
}


def hours_template() -> bytes:
    return write_template(
        COLUMNS,
        title=_("Data"),
        notes=[
            _("One row per course or activity; the first row is the header and is not imported."),
            _("ID document number: the person's ID number as recorded in their account."),
            _("Name: optional; when given it must match the holder of the ID number."),
            _("Year: the year the hours count for; both dates must fall within it."),
            _(
                "Activity kind: course, training, academic exchange, degree study or other "
                "(empty: course)."
            ),
            _("Subject kind: professional subjects or general (public) subjects."),
            _("Hours: a number greater than zero, at most one decimal place (e.g. 12.5)."),
            _("Dates: Excel dates or text such as 2025-03-01; the start date is optional."),
            _(
                "Certificate number: optional; when given it must not repeat in the file or in "
                "records already imported."
            ),
            _("A file with any bad row is not imported at all; the answer lists every bad row."),
        ],
    )


def import_credit_hours(*, actor, upload, file_name: str = "", progress=SILENT) -> ImportBatch:
    """Check every row, then save them all as hours certified by the importer, or raise
    ImportRejected (bad rows, or not a usable file) and save nothing. The
    check reports to `progress` (jobs/progress.py) row by row."""
    rows = read_rows(upload, len(COLUMNS))
    progress.set_total(len(rows))
    people = PeopleInScope(actor, (cell_text(cells[KEYS.index("id_number")]) for _n, cells in rows))
    numbers_in_file = [cell_text(cells[KEYS.index("certificate_number")]) for _n, cells in rows]
    taken = certificate_numbers_taken(CreditHourRecord, numbers_in_file)
    subjects = choice_lookup(SubjectKind.choices, SUBJECT_SYNONYMS)
    activities = choice_lookup(ActivityKind.choices, ACTIVITY_SYNONYMS)
    today = timezone.localdate()
    now = timezone.now()

    errors, records, first_row_of = [], [], {}
    for number, cells in rows:
        reasons = []
        row = dict(zip(KEYS, cells, strict=True))

        person, organization = row_person(people, row, reasons)

        year = None
        try:
            year = cell_int(row["year"])
            check_year(year, today)
        except ValidationError as error:
            reasons.append(_("Year: %(problem)s") % {"problem": "; ".join(error.messages)})
            year = None

        activity = cell_text(row["activity"])
        if not activity:
            reasons.append(_("The course or activity is missing."))
        elif len(activity) > 200:
            reasons.append(_("The course or activity name is longer than 200 characters."))

        activity_kind = ActivityKind.COURSE
        if cell_text(row["activity_kind"]):
            activity_kind = choice_value(activities, row["activity_kind"])
            if activity_kind is None:
                reasons.append(
                    _("Unknown activity kind %(value)s.")
                    % {"value": cell_text(row["activity_kind"])}
                )

        subject_kind = choice_value(subjects, row["subject_kind"])
        if subject_kind is None:
            reasons.append(
                _("Subject kind must be professional or general, not %(value)s.")
                % {"value": cell_text(row["subject_kind"]) or "—"}
            )

        provider = cell_text(row["provider"])
        if len(provider) > 200:
            reasons.append(_("The provider name is longer than 200 characters."))

        hours = None
        try:
            hours = parse_hours(row["hours"])
        except ValidationError as error:
            reasons.append(
                _("Hours %(value)s: %(problem)s")
                % {"value": cell_text(row["hours"]) or "—", "problem": "; ".join(error.messages)}
            )

        started_on = ended_on = None
        try:
            ended_on = cell_date(row["ended_on"])
        except ValidationError as error:
            reasons.append(_("Completion date: %(problem)s") % {"problem": error.messages[0]})
        if cell_text(row["started_on"]):
            try:
                started_on = cell_date(row["started_on"])
            except ValidationError as error:
                reasons.append(_("Start date: %(problem)s") % {"problem": error.messages[0]})
        if ended_on is not None and year is not None:
            reasons.extend(check_dates_in_year(year, started_on, ended_on).values())
            if ended_on > today:
                reasons.append(_("The completion date is in the future."))

        certificate_number = cell_text(row["certificate_number"])
        reasons.extend(certificate_number_problems(certificate_number, number, first_row_of, taken))

        progress.advance()
        if reasons:
            errors.extend(RowProblem(reason, row=number) for reason in reasons)
        elif not errors:
            records.append(
                CreditHourRecord(
                    person=person,
                    year=year,
                    activity=activity,
                    activity_kind=activity_kind,
                    provider_name=provider,
                    subject_kind=subject_kind,
                    hours=hours,
                    started_on=started_on,
                    ended_on=ended_on,
                    certificate_number=certificate_number,
                    status=CreditHourRecord.Status.CERTIFIED,
                    source=CreditHourRecord.Source.IMPORT,
                    decided_by=actor,
                    decided_at=now,
                    deciding_organization=organization,
                    created_by=actor,
                )
            )
    if errors:
        raise ImportRejected(errors)
    return save_import(
        actor=actor,
        kind=ImportBatch.Kind.HOURS,
        file_name=file_name,
        rows=records,
        progress=progress,
    )
