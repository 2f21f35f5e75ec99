"""Filing: the office submits a meeting's publicized results, the HR bureau approves them
with its document number, which files every declaration at once and starts the batch issue
(services/issuing.py), or returns them."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role
from applicants.models import Declaration
from audit.services import append_audit_record
from certificates import selectors
from certificates.models import Filing, FilingEntry
from certificates.permissions import bureau_membership, office_membership
from certificates.services.issuing import start_certificate_issue
from juries.models import ReviewMeeting


def required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


@transaction.atomic
def submit_filing(*, actor, meeting: ReviewMeeting, declaration_ids=None, note: str = "") -> Filing:
    """The office submits the meeting's results for filing: all that are ready, or the
    given ones, each of which must be ready."""
    membership = office_membership(actor, meeting)
    if membership is None:
        raise PermissionDenied(
            _("Only the jury office of this meeting may submit its results for filing.")
        )
    # One submission per meeting at a time, so two clicks cannot file a result twice.
    meeting = ReviewMeeting.objects.select_for_update().select_related("jury").get(pk=meeting.pk)
    ready = set(selectors.declarations_ready_for_filing(meeting).values_list("pk", flat=True))
    if declaration_ids is None:
        chosen = ready
    else:
        chosen = {int(pk) for pk in declaration_ids}
        refused = chosen - ready
        if refused:
            names = Declaration.objects.filter(pk__in=refused).select_related("applicant")
            raise ValidationError(
                _(
                    "These results cannot be filed: %(names)s. Only results that were "
                    "publicized, whose publicity is over and that have no open objection "
                    "can be filed."
                )
                % {"names": "、".join(sorted(str(d.applicant) for d in names)) or refused}
            )
    if not chosen:
        raise ValidationError(_("No result of this meeting is ready for filing."))
    filing = Filing.objects.create(meeting=meeting, submitted_by=actor, note=(note or "").strip())
    FilingEntry.objects.bulk_create(
        FilingEntry(filing=filing, declaration_id=pk) for pk in sorted(chosen)
    )
    append_audit_record(
        action="submit_filing",
        actor=actor,
        role=Role.JURY_OFFICE,
        organization=membership.organization,
        payload={"filing": filing.pk, "meeting": meeting.pk, "declarations": len(chosen)},
    )
    return filing


def _decidable(filing: Filing, actor):
    filing = (
        Filing.objects.select_for_update(of=("self",))
        .select_related("meeting__plan__organizer", "meeting__jury")
        .get(pk=filing.pk)
    )
    membership = bureau_membership(actor, filing.meeting.plan)
    if membership is None:
        raise PermissionDenied(
            _("Only the HR bureau responsible for this plan decides its filing.")
        )
    if filing.status != Filing.Status.SUBMITTED:
        raise ValidationError(_("This filing has already been decided."))
    return filing, membership


def approval_reason(filing: Filing) -> str:
    """What the audit record of each declaration's filing says."""
    return _("Approved by %(document)s of %(date)s.") % {
        "document": filing.document_number,
        "date": date_format(filing.document_date),
    }


def approve_filing(filing: Filing, *, actor, document_number: str, document_date: date) -> Filing:
    """Approve with the official document and start the batch: in the background, each chunk
    files its declarations (the move `file`, by the approving bureau member) and issues their
    certificates (certificates/services/issuing.py), so that a filing of any size is approved
    at once and its progress shown on the batch's page."""
    document_number = (document_number or "").strip()
    errors = {}
    if not document_number:
        errors["document_number"] = _("Give the approval document number (文号).")
    if not isinstance(document_date, date):
        errors["document_date"] = _("Give the date of the approval document.")
    elif document_date > timezone.localdate():
        errors["document_date"] = _("The approval date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        filing, membership = _decidable(filing, actor)
        entries = Declaration.objects.filter(filing_entries__filing=filing)
        ready = selectors.declarations_ready_for_filing(filing.meeting, except_filing=filing)
        # Checked in the database: a filing of 50,000 is not read into the request.
        refused = list(
            entries.exclude(pk__in=ready.values("pk")).select_related("applicant").order_by("pk")
        )
        if refused:
            raise ValidationError(
                _("These results can no longer be filed: %(names)s. Return the filing.")
                % {"names": "、".join(str(d.applicant) for d in refused)}
            )
        filing.document_number, filing.document_date = document_number, document_date
        reason = approval_reason(filing)
        now = timezone.now()
        _decide(
            filing,
            membership,
            actor=actor,
            status=Filing.Status.APPROVED,
            action="approve_filing",
            reason=reason,
            payload={
                "document_number": document_number,
                "document_date": document_date,
                "declarations": entries.count(),
            },
            at=now,
            document_number=document_number,
            document_date=document_date,
            issuing_authority=membership.organization,
            issue_started_at=now,
        )
        start_certificate_issue(filing)
    return filing


@transaction.atomic
def return_filing(filing: Filing, *, actor, reason: str) -> Filing:
    reason = required_reason(reason)
    filing, membership = _decidable(filing, actor)
    _decide(
        filing,
        membership,
        actor=actor,
        status=Filing.Status.RETURNED,
        action="return_filing",
        reason=reason,
        return_reason=reason,
    )
    return filing


def _decide(filing, membership, *, actor, status, action, reason, payload=None, at=None, **changes):
    """The bureau's decision on a filing (approved or returned), saved with who decided and
    when, and recorded in the audit chain as that bureau's."""
    filing.status = status
    for name, value in changes.items():
        setattr(filing, name, value)
    filing.decided_by = actor
    filing.decided_at = at or timezone.now()
    filing.save()
    append_audit_record(
        action=action,
        actor=actor,
        role=Role.HR_BUREAU,
        organization=membership.organization,
        reason=reason,
        payload={"filing": filing.pk, **(payload or {})},
    )
