"""Writes for continuing education: claims and their certification, courses and enrolments,
exam results and how long they stay valid. Bulk imports live in hours_import.py and
exam_import.py and apply the same field rules as these services."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.services import append_audit_record
from continuing_ed.models import (
    HOURS_DECIMAL_PLACES,
    HOURS_MAX_DIGITS,
    ActivityKind,
    Course,
    CreditHourRecord,
    Enrolment,
    ExamResult,
    ExamValidity,
    ImportBatch,
    SubjectKind,
)
from continuing_ed.permissions import Certifier, can_publish_course, can_set_exam_validity
from core.spreadsheet_import import rejected
from jobs.progress import SILENT
from titles.models import ExamKind

Status = CreditHourRecord.Status


# Field rules, shared with the imports so that a row and a form fail for the same reasons.


def parse_hours(value) -> Decimal:
    if isinstance(value, bool) or value is None or str(value).strip() == "":
        raise ValidationError(_("Hours are missing."))
    try:
        hours = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("Hours must be a number.")) from None
    if not hours.is_finite():
        raise ValidationError(_("Hours must be a number."))
    if hours <= 0:
        raise ValidationError(_("Hours must be more than zero."))
    if hours != hours.quantize(Decimal(1).scaleb(-HOURS_DECIMAL_PLACES)):
        raise ValidationError(_("Hours may have at most one decimal place."))
    if hours >= Decimal(10) ** (HOURS_MAX_DIGITS - HOURS_DECIMAL_PLACES):
        raise ValidationError(_("Hours are too large."))
    return hours.quantize(Decimal(1).scaleb(-HOURS_DECIMAL_PLACES))


def check_year(year: int, today: date) -> None:
    if year < 1990 or year > today.year:
        raise ValidationError(_("The year must be between 1990 and this year."))


def check_dates_in_year(year: int, started_on: date | None, ended_on: date) -> dict[str, str]:
    """Problems with the dates of hours counted in `year`, by the field at fault."""
    problems = {}
    if ended_on.year != year:
        problems["ended_on"] = _("The completion date %(date)s is outside %(year)s.") % {
            "date": date_format(ended_on),
            "year": year,
        }
    if started_on is not None:
        if started_on.year != year:
            problems["started_on"] = _("The start date %(date)s is outside %(year)s.") % {
                "date": date_format(started_on),
                "year": year,
            }
        elif started_on > ended_on:
            problems["started_on"] = _("The start date is after the completion date.")
    return problems


def _check_record_fields(
    *, year, started_on, ended_on, subject_kind, activity_kind, certificate_number
):
    today = timezone.localdate()
    errors = {}
    try:
        check_year(year, today)
    except ValidationError as error:
        errors["year"] = error.messages
    if not errors:
        problems = check_dates_in_year(year, started_on, ended_on)
        errors.update({field: [message] for field, message in problems.items()})
        if not problems and ended_on > today:
            errors["ended_on"] = [_("The completion date is in the future.")]
    if subject_kind not in SubjectKind.values:
        errors["subject_kind"] = [_("Unknown subject kind.")]
    if activity_kind not in ActivityKind.values:
        errors["activity_kind"] = [_("Unknown activity kind.")]
    if (
        certificate_number
        and CreditHourRecord.objects.filter(certificate_number=certificate_number).exists()
    ):
        errors["certificate_number"] = [_("This certificate number is already recorded.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def claim_hours(
    *,
    person,
    year: int,
    activity: str,
    subject_kind: str,
    hours,
    ended_on: date,
    started_on: date | None = None,
    activity_kind: str = ActivityKind.COURSE,
    provider_name: str = "",
    certificate_number: str = "",
) -> CreditHourRecord:
    """A person records hours they earned; they count once their employer certifies them."""
    certificate_number = certificate_number.strip()
    try:
        hours = parse_hours(hours)
    except ValidationError as error:
        raise ValidationError({"hours": error.messages}) from error
    if not activity.strip():
        raise ValidationError({"activity": _("Name the course or activity.")})
    _check_record_fields(
        year=year,
        started_on=started_on,
        ended_on=ended_on,
        subject_kind=subject_kind,
        activity_kind=activity_kind,
        certificate_number=certificate_number,
    )
    return CreditHourRecord.objects.create(
        person=person,
        year=year,
        activity=activity.strip(),
        activity_kind=activity_kind,
        provider_name=provider_name.strip(),
        subject_kind=subject_kind,
        hours=hours,
        started_on=started_on,
        ended_on=ended_on,
        certificate_number=certificate_number,
        status=Status.CLAIMED,
        source=CreditHourRecord.Source.CLAIM,
        created_by=person,
    )


def _locked_claim(record: CreditHourRecord) -> CreditHourRecord:
    record = CreditHourRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != Status.CLAIMED:
        raise ValidationError(
            _("This record has already been decided: %(status)s.")
            % {"status": record.get_status_display()}
        )
    return record


def _deciding_organization(actor, record):
    certifier = Certifier(actor)
    if not certifier.may_certify(record.person, record.provider_organization_id):
        raise PermissionDenied(_("You cannot certify this person's hours."))
    return certifier.deciding_organization(record.person, record.provider_organization_id)


def _record_decision(*, action, actor, certifier: Certifier, organization, **fields):
    """Append an hours decision to the audit chain under the role the actor decided in."""
    role = next(
        (
            m.role
            for m in certifier.memberships
            if m.organization_id == getattr(organization, "pk", None)
        ),
        Role.ADMIN if actor.is_superuser else "",
    )
    append_audit_record(action=action, actor=actor, role=role, organization=organization, **fields)


def _record_claim_decision(*, action, actor, record: CreditHourRecord, reason: str = ""):
    _record_decision(
        action=action,
        actor=actor,
        certifier=Certifier(actor),
        organization=record.deciding_organization,
        subject=record,
        from_state=Status.CLAIMED,
        to_state=record.status,
        reason=reason,
        payload={
            "person": record.person_id,
            "year": record.year,
            "hours": record.hours,
            "activity": record.activity,
        },
    )


def record_import(*, actor, batch: ImportBatch, certifier: Certifier | None = None) -> None:
    """A confirmed import certifies every row it saved at once: one decision in the chain.
    Called by the importers inside the transaction that saves the batch."""
    certifier = certifier or Certifier(actor)
    organizations = {m.organization_id: m.organization for m in certifier.memberships}
    _record_decision(
        action="import_hours" if batch.kind == ImportBatch.Kind.HOURS else "import_exam_results",
        actor=actor,
        certifier=certifier,
        # An importer who answers for several organizations imported for all of them.
        organization=next(iter(organizations.values())) if len(organizations) == 1 else None,
        subject=batch,
        to_state=Status.CERTIFIED if batch.kind == ImportBatch.Kind.HOURS else "",
        payload={"file_name": batch.file_name, "rows": batch.row_count},
    )


IMPORTED = {ImportBatch.Kind.HOURS: CreditHourRecord, ImportBatch.Kind.EXAMS: ExamResult}
BULK_CHUNK = 1000


def save_import(*, actor, kind: str, file_name: str, rows: list, progress=SILENT) -> ImportBatch:
    """A checked file's rows (unsaved hours or exam results) saved as one batch, certified
    at once (`record_import`), in a few bulk inserts."""
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                kind=kind, uploaded_by=actor, file_name=file_name[:255], row_count=len(rows)
            )
            for row in rows:
                row.import_batch = batch
            IMPORTED[kind].objects.bulk_create(rows, batch_size=BULK_CHUNK)
            record_import(actor=actor, batch=batch)
            progress.saved()
    except IntegrityError as error:
        # Another import took one of the certificate numbers after this file was checked.
        raise rejected(
            _(
                "Some certificate numbers were recorded meanwhile; import the file again to "
                "see which."
            )
        ) from error
    return batch


@transaction.atomic
def certify_hours(*, actor, record: CreditHourRecord) -> CreditHourRecord:
    record = _locked_claim(record)
    record.deciding_organization = _deciding_organization(actor, record)
    record.status = Status.CERTIFIED
    record.decided_by = actor
    record.decided_at = timezone.now()
    record.rejection_reason = ""
    record.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "deciding_organization",
            "rejection_reason",
        ]
    )
    _record_claim_decision(action="certify_hours", actor=actor, record=record)
    return record


@transaction.atomic
def reject_hours(*, actor, record: CreditHourRecord, reason: str) -> CreditHourRecord:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for rejecting these hours.")})
    record = _locked_claim(record)
    record.deciding_organization = _deciding_organization(actor, record)
    record.status = Status.REJECTED
    record.decided_by = actor
    record.decided_at = timezone.now()
    record.rejection_reason = reason.strip()
    record.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "deciding_organization",
            "rejection_reason",
        ]
    )
    _record_claim_decision(
        action="reject_hours", actor=actor, record=record, reason=record.rejection_reason
    )
    return record


@transaction.atomic
def create_course(
    *,
    actor,
    name: str,
    subject_kind: str,
    hours,
    starts_on: date,
    ends_on: date,
    provider_name: str = "",
    provider_organization=None,
) -> Course:
    if not can_publish_course(actor, None):
        raise PermissionDenied(_("Only employer HR staff and HR bureaus publish courses."))
    if not can_publish_course(actor, provider_organization):
        raise PermissionDenied(_("You can only publish courses for your own organization."))
    errors = {}
    try:
        hours = parse_hours(hours)
    except ValidationError as error:
        errors["hours"] = error.messages
    if not name.strip():
        errors["name"] = [_("Name the course.")]
    if not (provider_name.strip() or provider_organization):
        errors["provider_name"] = [_("Name the provider.")]
    if subject_kind not in SubjectKind.values:
        errors["subject_kind"] = [_("Unknown subject kind.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The course must end after it starts.")]
    if errors:
        raise ValidationError(errors)
    return Course.objects.create(
        name=name.strip(),
        provider_name=provider_name.strip() or provider_organization.name,
        provider_organization=provider_organization,
        subject_kind=subject_kind,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )


@transaction.atomic
def enrol_in_course(*, person, course: Course) -> Enrolment:
    if not course.is_open:
        raise ValidationError(_("This course is closed for enrolment."))
    if Enrolment.objects.filter(course=course, person=person).exists():
        raise ValidationError(_("You are already enrolled in this course."))
    return Enrolment.objects.create(course=course, person=person)


@transaction.atomic
def complete_enrolment(*, actor, enrolment: Enrolment, completed_on: date) -> Enrolment:
    """The provider or the employer confirms completion; the course's hours are credited to
    the year of completion, certified by them."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("course", "person")
        .get(pk=enrolment.pk)
    )
    course = enrolment.course
    if enrolment.record_id:
        raise ValidationError(_("This enrolment is already completed."))
    certifier = Certifier(actor)
    if not certifier.may_certify(enrolment.person, course.provider_organization_id):
        raise PermissionDenied(_("You cannot confirm completions of this course."))
    if completed_on < course.starts_on:
        raise ValidationError({"completed_on": _("The course had not started on that date.")})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The completion date is in the future.")})
    started_on = course.starts_on if course.starts_on.year == completed_on.year else None
    enrolment.record = CreditHourRecord.objects.create(
        person=enrolment.person,
        year=completed_on.year,
        activity=course.name,
        activity_kind=ActivityKind.COURSE,
        course=course,
        provider_name=course.provider_name,
        provider_organization=course.provider_organization,
        subject_kind=course.subject_kind,
        hours=course.hours,
        started_on=started_on,
        ended_on=completed_on,
        status=Status.CERTIFIED,
        source=CreditHourRecord.Source.ENROLMENT,
        decided_by=actor,
        decided_at=timezone.now(),
        deciding_organization=certifier.deciding_organization(
            enrolment.person, course.provider_organization_id
        ),
        created_by=actor,
    )
    enrolment.completed_on = completed_on
    enrolment.save(update_fields=["record", "completed_on"])
    _record_decision(
        action="confirm_completion",
        actor=actor,
        certifier=certifier,
        organization=enrolment.record.deciding_organization,
        subject=enrolment.record,
        to_state=Status.CERTIFIED,
        payload={
            "person": enrolment.person_id,
            "course": course.pk,
            "year": completed_on.year,
            "hours": course.hours,
        },
    )
    return enrolment


@transaction.atomic
def record_exam_result(
    *,
    actor,
    person,
    kind: str,
    exam_date: date,
    passed: bool,
    level: str = "",
    score=None,
    certificate_number: str = "",
) -> ExamResult:
    if not Certifier(actor).may_certify(person):
        raise PermissionDenied(_("You cannot record exam results for this person."))
    certificate_number = certificate_number.strip()
    errors = {}
    if kind not in ExamKind.values:
        errors["kind"] = [_("Unknown exam.")]
    if exam_date > timezone.localdate():
        errors["exam_date"] = [_("The exam date is in the future.")]
    if score is not None and (score < 0 or score > 999):
        errors["score"] = [_("The score must be between 0 and 999.")]
    if (
        certificate_number
        and ExamResult.objects.filter(certificate_number=certificate_number).exists()
    ):
        errors["certificate_number"] = [_("This certificate number is already recorded.")]
    if errors:
        raise ValidationError(errors)
    return ExamResult.objects.create(
        person=person,
        kind=kind,
        level=level.strip(),
        exam_date=exam_date,
        score=score,
        passed=passed,
        certificate_number=certificate_number,
        recorded_by=actor,
    )


@transaction.atomic
def set_exam_validity(*, actor, series, exam_kind: str, validity_years: int | None) -> ExamValidity:
    """How long a passed exam counts in a series; None means it never expires."""
    if not can_set_exam_validity(actor):
        raise PermissionDenied(_("Only HR bureau staff set how long exam results stay valid."))
    if exam_kind not in ExamKind.values:
        raise ValidationError({"exam_kind": _("Unknown exam.")})
    if validity_years is not None and not 1 <= validity_years <= 50:
        raise ValidationError({"validity_years": _("Give between 1 and 50 years, or none.")})
    validity, _created = ExamValidity.objects.update_or_create(
        series=series, exam_kind=exam_kind, defaults={"validity_years": validity_years}
    )
    return validity
