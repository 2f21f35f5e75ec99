"""After the confirmation: the result publicity, the objections anyone may file against it,
closing the window, and the applicants' requests for re-examination."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role
from applicants.models import Declaration
from applicants.workflow import perform_transition, perform_transitions
from audit.services import append_audit_record
from juries.meeting_workflow import perform_meeting_move, require_meeting_move
from juries.models import Candidate, Objection, ReexaminationRequest, ResultPublicity
from juries.services import common
from juries.services.common import lock_meeting, office_staff, require_office, required_text
from notifications.services import notify
from titles.working_days import publicity_window, window_between

PUBLIC = "public"  # the audit role of anyone filing an objection without signing in


@transaction.atomic
def publish_results(
    *, actor, meeting, starts_on=None, ends_on=None, notice="", contact=""
) -> ResultPublicity:
    """Publish the passed list on the public page for at least the plan's working days."""
    meeting = lock_meeting(meeting)
    acting = require_meeting_move(meeting, "publish", actor)
    passed = list(
        meeting.candidates.filter(outcome=Candidate.Outcome.PASSED).select_related("declaration")
    )
    if not passed:
        raise ValidationError(_("No candidate passed: there is no list to publish."))
    starts_on = starts_on or common.today()
    if starts_on < common.today():
        raise ValidationError({"starts_on": _("The publicity cannot start in the past.")})
    days = meeting.plan.result_publicity_working_days or settings.RESULT_PUBLICITY_WORKING_DAYS
    # The same rule as the unit publicity (titles/working_days.py `window`); a window reaching
    # a year nobody has entered is refused.
    field = "ends_on" if ends_on else "starts_on"
    earliest_end = publicity_window(starts_on, days, field=field).end
    ends_on = ends_on or earliest_end
    if ends_on < earliest_end:
        raise ValidationError(
            {
                "ends_on": _(
                    "The publicity lasts at least %(days)d working days: until %(day)s or later."
                )
                % {"days": days, "day": date_format(earliest_end)}
            }
        )
    window_between(starts_on, ends_on, field="ends_on")  # a later end reaching an unknown year
    publicity = ResultPublicity.objects.create(
        meeting=meeting,
        starts_on=starts_on,
        ends_on=ends_on,
        notice=(notice or "").strip(),
        contact=(contact or "").strip(),
        published_by=actor,
    )
    window = _("Publicized from %(start)s to %(end)s.") % {
        "start": date_format(starts_on),
        "end": date_format(ends_on),
    }
    perform_transitions(
        [candidate.declaration for candidate in passed],
        "start_result_publicity",
        actor=actor,
        reason=window,
    )
    perform_meeting_move(
        meeting,
        "publish",
        actor=actor,
        acting=acting,
        reason=window,
        payload={"publicity": str(publicity.public_id), "passed": len(passed)},
    )
    return publicity


def _clean_phone(value) -> str:
    phone = (value or "").strip()
    digits = [ch for ch in phone if ch.isdigit()]
    if not 5 <= len(digits) <= 20 or any(not (ch.isdigit() or ch in "+- ()") for ch in phone):
        raise ValidationError({"filer_phone": _("Give a phone number we can reach you on.")})
    return phone


def _clean_email(value) -> str:
    email = (value or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"filer_email": _("Enter a valid e-mail address.")}) from error
    return email


@transaction.atomic
def file_objection(
    *, publicity, candidate, filer_name, filer_phone, filer_email="", content
) -> Objection:
    """Anyone may object to a publicized candidate during the window, giving contact details."""
    publicity = ResultPublicity.objects.select_for_update().get(pk=publicity.pk)
    day = common.today()
    if publicity.closed_at or not publicity.starts_on <= day <= publicity.ends_on:
        raise ValidationError(
            _("Objections are accepted from %(start)s to %(end)s.")
            % {"start": date_format(publicity.starts_on), "end": date_format(publicity.ends_on)}
        )
    if (
        candidate.meeting_id != publicity.meeting_id
        or candidate.outcome != Candidate.Outcome.PASSED
        or candidate.overturned_at is not None
    ):
        raise ValidationError({"candidate": _("Choose a candidate on this list.")})
    name = required_text(filer_name, "filer_name", _("Give your name."), 64)
    phone = _clean_phone(filer_phone)
    email = _clean_email(filer_email)
    objection = Objection.objects.create(
        publicity=publicity,
        candidate=candidate,
        filer_name=name,
        filer_phone=phone,
        filer_email=email,
        content=required_text(content, "content", _("Say what you object to."), 5000),
    )
    # The filer is named in the objection itself; the chain records that it was filed.
    append_audit_record(
        action="objection.file",
        role=PUBLIC,
        declaration=candidate.declaration,
        subject=objection,
        to_state=objection.status,
        payload={"publicity": str(publicity.public_id), "candidate": candidate.pk},
    )
    notify(
        office_staff(publicity.meeting.jury),
        subject=lambda: (
            _("Objection to the result of %(name)s") % {"name": candidate.declaration.applicant}
        ),
        url=reverse("juries:objection_detail", args=[objection.pk]),
    )
    return objection


@transaction.atomic
def decide_objection(*, actor, objection, upheld: bool, finding) -> Objection:
    """Record what the investigation found; an upheld objection fails the candidate."""
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("publicity__meeting__jury__office", "candidate__declaration")
        .get(pk=objection.pk)
    )
    jury = objection.publicity.meeting.jury
    require_office(actor, jury)
    if objection.status != Objection.Status.OPEN:
        raise ValidationError(_("This objection has already been decided."))
    finding = required_text(finding, "finding", _("Record what the investigation found."), 5000)
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.finding = finding
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.save(update_fields=["status", "finding", "decided_by", "decided_at"])
    append_audit_record(
        action="objection.decide",
        actor=actor,
        role=Role.JURY_OFFICE,
        organization=jury.office,
        declaration=objection.candidate.declaration,
        subject=objection,
        from_state=Objection.Status.OPEN,
        to_state=objection.status,
        reason=finding,
    )
    candidate = objection.candidate
    if upheld and candidate.overturned_at is None:
        perform_transition(candidate.declaration, "uphold_objection", actor=actor, reason=finding)
        candidate.overturned_at = timezone.now()
        candidate.overturn_reason = finding
        candidate.ready_for_filing_at = None
        candidate.save(update_fields=["overturned_at", "overturn_reason", "ready_for_filing_at"])
    close_publicity(publicity=objection.publicity)
    return objection


@transaction.atomic
def close_publicity(*, publicity, day=None) -> bool:
    """Once the window has ended with no open objection, the publicized declarations still
    standing are marked ready for filing. Returns whether it closed now."""
    publicity = ResultPublicity.objects.select_for_update().get(pk=publicity.pk)
    if publicity.closed_at is not None or (day or common.today()) <= publicity.ends_on:
        return False
    if publicity.objections.filter(status=Objection.Status.OPEN).exists():
        return False
    now = timezone.now()
    publicity.meeting.candidates.filter(
        outcome=Candidate.Outcome.PASSED,
        overturned_at__isnull=True,
        declaration__status=Declaration.Status.IN_RESULT_PUBLICITY,
    ).update(ready_for_filing_at=now)
    publicity.closed_at = now
    publicity.save(update_fields=["closed_at"])
    return True


@transaction.atomic
def close_publicity_now(*, actor, publicity) -> bool:
    """The jury office closes a window whose last day has passed without waiting for the
    nightly task: the same step (`close_publicity`), so whichever comes second changes
    nothing. Returns whether it closed now; False when it was already closed."""
    publicity = (
        ResultPublicity.objects.select_for_update(of=("self",))
        .select_related("meeting__jury__office")
        .get(pk=publicity.pk)
    )
    jury = publicity.meeting.jury
    require_office(actor, jury)
    if publicity.closed_at is not None:
        return False
    if common.today() <= publicity.ends_on:
        raise ValidationError(
            _("The publicity can be closed once its last day, %(day)s, has passed.")
            % {"day": date_format(publicity.ends_on)}
        )
    if publicity.objections.filter(status=Objection.Status.OPEN).exists():
        raise ValidationError(
            _("Decide the open objections first: the publicity closes once none is open.")
        )
    close_publicity(publicity=publicity)
    append_audit_record(
        action="publicity.close",
        actor=actor,
        role=Role.JURY_OFFICE,
        organization=jury.office,
        subject=publicity,
        reason=_("Closed by hand after its last day, %(day)s.")
        % {"day": date_format(publicity.ends_on)},
        payload={"publicity": str(publicity.public_id)},
    )
    return True


def close_ended_publicities(day=None) -> int:
    """For the beat task: close every window that has ended; each in its own transaction."""
    day = day or common.today()
    closed = 0
    for publicity in ResultPublicity.objects.filter(closed_at__isnull=True, ends_on__lt=day):
        closed += close_publicity(publicity=publicity, day=day)
    return closed


def reexamination_refusal(candidate) -> str | None:
    """Why the applicant cannot ask for a re-examination of this result now, or None: the
    results page offers the request only when this is None, and the service refuses it
    otherwise. Reads the candidate's prefetched requests when there are some."""
    if candidate.outcome == Candidate.Outcome.PENDING:
        return _("There is no result to re-examine yet.")
    if candidate.outcome == Candidate.Outcome.PASSED and candidate.overturned_at is None:
        return _("The result is a pass: there is nothing to re-examine.")
    if any(
        request.status == ReexaminationRequest.Status.OPEN
        for request in candidate.reexaminations.all()
    ):
        return _("Your earlier request is still being handled.")
    return None


@transaction.atomic
def request_reexamination(*, actor, candidate, reason) -> ReexaminationRequest:
    """An applicant asks for re-examination (复查) of their own confirmed result."""
    candidate = Candidate.objects.select_related("declaration", "meeting__jury").get(
        pk=candidate.pk
    )
    if candidate.declaration.applicant_id != actor.pk:
        raise PermissionDenied(_("Applicants ask for re-examination of their own result only."))
    refusal = reexamination_refusal(candidate)
    if refusal:
        raise ValidationError(refusal)
    request = ReexaminationRequest.objects.create(
        candidate=candidate,
        requested_by=actor,
        reason=required_text(
            reason, "reason", _("Say why the result should be re-examined."), 5000
        ),
    )
    notify(
        office_staff(candidate.meeting.jury),
        subject=lambda: _("Re-examination requested by %(name)s") % {"name": actor},
        url=reverse("juries:reexamination_detail", args=[request.pk]),
    )
    return request


@transaction.atomic
def answer_reexamination(*, actor, request, answer) -> ReexaminationRequest:
    request = (
        ReexaminationRequest.objects.select_for_update(of=("self",))
        .select_related("candidate__meeting__jury")
        .get(pk=request.pk)
    )
    require_office(actor, request.candidate.meeting.jury)
    if request.status != ReexaminationRequest.Status.OPEN:
        raise ValidationError(_("This request has already been answered."))
    request.answer = required_text(answer, "answer", _("Write the answer."), 5000)
    request.status = ReexaminationRequest.Status.ANSWERED
    request.answered_by = actor
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    notify(
        [request.requested_by],
        subject=lambda: _("Your re-examination request has been answered"),
        body=request.answer,
        url=reverse("juries:my_results"),
    )
    return request
