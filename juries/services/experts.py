"""Juries, their expert libraries, and the interests experts declare."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from juries import meeting_workflow, permissions
from juries.models import Assessment, Expert, ExpertInterest, Jury, PanelSeat, Recusal
from juries.services import access
from juries.services.common import require_bureau, require_office, required_text, within_term


@transaction.atomic
def create_jury(
    *, actor, name, series, specialty=None, min_level, max_level, established_by, office
) -> Jury:
    """A jury is set up by its office (or the bureau) and may not meet until approved."""
    jury = Jury(
        name=(name or "").strip(),
        series=series,
        specialty=specialty,
        min_level=min_level,
        max_level=max_level,
        established_by=established_by,
        office=office,
    )
    if not permissions.may_set_up_jury(actor, jury):
        raise PermissionDenied(_("Only the jury's office or its HR bureau may set up a jury."))
    errors = {}
    if office.kind != office.Kind.JURY_OFFICE:
        errors["office"] = _("Choose a jury office.")
    if specialty is not None and specialty.series_id != series.pk:
        errors["specialty"] = _("The specialty must belong to the jury's series.")
    if min_level > max_level:
        errors["max_level"] = _("The highest level must not be below the lowest level.")
    if errors:
        raise ValidationError(errors)
    jury.full_clean()
    jury.save()
    return jury


def _senior_minimum(jury: Jury) -> int:
    if jury.specialty_id:
        return settings.JURY_MIN_SENIOR_SPECIALTY_EXPERTS
    return settings.JURY_MIN_SENIOR_SERIES_EXPERTS


@transaction.atomic
def approve_jury(*, actor, jury, approval_document_number, approved_on, valid_until) -> Jury:
    """The HR bureau approves (or renews) a jury for at most JURY_MAX_TERM_YEARS years."""
    jury = Jury.objects.select_for_update().select_related("office").get(pk=jury.pk)
    require_bureau(actor, jury)
    number = required_text(
        approval_document_number,
        "approval_document_number",
        _("Give the approval document number."),
    )
    if not approved_on or not valid_until or valid_until <= approved_on:
        raise ValidationError({"valid_until": _("The term must end after the approval date.")})
    years = settings.JURY_MAX_TERM_YEARS
    if not within_term(approved_on, valid_until, years):
        raise ValidationError(
            {"valid_until": _("A jury is approved for at most %(years)d years.") % {"years": years}}
        )
    active = jury.experts.filter(is_active=True)
    if jury.is_senior:
        minimum = _senior_minimum(jury)
        if active.count() < minimum:
            raise ValidationError(
                _(
                    "A senior jury needs at least %(minimum)d experts in its library; "
                    "it has %(count)d."
                )
                % {"minimum": minimum, "count": active.count()}
            )
    if not active.filter(position=Expert.Position.CHAIR).exists():
        raise ValidationError(_("Name the jury's chair in its expert library first."))
    jury.approval_document_number = number
    jury.approved_on = approved_on
    jury.valid_until = valid_until
    jury.approved_by = actor
    jury.save(
        update_fields=["approval_document_number", "approved_on", "valid_until", "approved_by"]
    )
    return jury


@transaction.atomic
def add_expert(
    *, actor, jury, user, specialty, title_level, employer, position, term_starts, term_ends
) -> Expert:
    require_office(actor, jury)
    errors = {}
    if not Membership.objects.filter(
        user=user, organization_id=jury.office_id, role=Role.EXPERT, is_active=True
    ).exists():
        errors["user"] = _("Give this person the expert role in the jury office first.")
    elif jury.experts.filter(user=user).exists():
        errors["user"] = _("This person is already in the library.")
    if specialty.series_id != jury.series_id or (
        jury.specialty_id and specialty.pk != jury.specialty_id
    ):
        errors["specialty"] = _("The specialty must be one the jury reviews.")
    if title_level < jury.max_level:
        errors["title_level"] = _(
            "An expert must hold a title at or above the levels the jury reviews."
        )
    if not employer.is_employer and not employer.is_bureau:
        errors["employer"] = _("Choose the expert's employer.")
    if not term_starts or not term_ends or term_ends <= term_starts:
        errors["term_ends"] = _("The term must end after it starts.")
    elif not within_term(term_starts, term_ends, settings.EXPERT_MAX_TERM_YEARS):
        errors["term_ends"] = _("An expert's term is at most %(years)d years.") % {
            "years": settings.EXPERT_MAX_TERM_YEARS
        }
    if (
        position == Expert.Position.CHAIR
        and jury.experts.filter(position=Expert.Position.CHAIR, is_active=True).exists()
    ):
        errors["position"] = _("The jury already has a chair.")
    if errors:
        raise ValidationError(errors)
    expert = Expert(
        jury=jury,
        user=user,
        specialty=specialty,
        title_level=title_level,
        employer=employer,
        position=position,
        term_starts=term_starts,
        term_ends=term_ends,
    )
    expert.full_clean()
    expert.save()
    return expert


@transaction.atomic
def remove_expert(*, actor, expert, reason) -> Expert:
    """An expert leaves the library (e.g. for breaking the review discipline); their seats on
    meetings already drawn stay on record."""
    require_office(actor, expert.jury)
    required_text(reason, "reason", _("Give the reason."))
    expert.is_active = False
    expert.save(update_fields=["is_active"])
    access.revoke_expert_files(expert)
    return expert


def _recuse_on_declaration(*, actor, expert, candidate, interest) -> None:
    """An interest declared against a candidate withdraws the expert from them at once."""
    seat = (
        PanelSeat.objects.filter(meeting_id=candidate.meeting_id, expert=expert)
        .select_related("expert")
        .exclude(status=PanelSeat.Status.DECLINED)
        .first()
    )
    if seat is None:
        raise PermissionDenied(_("You do not sit on this candidate's meeting."))
    if not permissions.may_declare_candidate_interest(actor, seat):
        raise PermissionDenied(
            _("Sign the review-discipline commitment before declaring an interest.")
        )
    meeting_workflow.require_meeting_move(candidate.meeting, "declare_interest", authorize=False)
    interest.meeting_id = candidate.meeting_id
    interest.candidate = candidate
    # The recusal must not leave their opinion in the group's record.
    Assessment.objects.filter(seat=seat, candidate=candidate).delete()
    Recusal.objects.get_or_create(
        expert=expert,
        candidate=candidate,
        defaults={
            "reason": Recusal.Reason.DECLARED_RELATION,
            "note": interest.note,
            "recorded_by": actor,
        },
    )
    access.revoke_candidate_files(expert=expert, candidate=candidate)


@transaction.atomic
def declare_interest(
    *,
    actor,
    expert,
    relation,
    person_name="",
    person_id_number="",
    organization=None,
    note="",
    candidate=None,
) -> ExpertInterest:
    """An expert declares an interest: standing (a person or unit), or against one candidate of
    a meeting they sit on, which recuses them from that candidate at once."""
    if not permissions.may_declare_interest(actor, expert):
        raise PermissionDenied(_("Experts declare their own interests."))
    if relation not in ExpertInterest.Relation.values:
        raise ValidationError({"relation": _("Choose the kind of relation.")})
    interest = ExpertInterest(
        expert=expert,
        relation=relation,
        person_name=(person_name or "").strip(),
        person_id_number=(person_id_number or "").strip().upper(),
        organization=organization,
        note=(note or "").strip(),
    )
    if candidate is not None:
        _recuse_on_declaration(actor=actor, expert=expert, candidate=candidate, interest=interest)
    elif not interest.person_name and organization is None:
        raise ValidationError(_("Name the person or the organization concerned."))
    interest.full_clean()
    interest.save()
    return interest


@transaction.atomic
def declare_standing_interest(*, actor, **fields) -> list[ExpertInterest]:
    """A standing interest, declared once for every library the expert sits in: all or none."""
    experts = list(Expert.objects.filter(user=actor, is_active=True).select_related("jury"))
    if not experts:
        raise PermissionDenied(_("Only experts declare interests."))
    return [declare_interest(actor=actor, expert=expert, **fields) for expert in experts]


@transaction.atomic
def withdraw_interest(*, actor, interest) -> None:
    """A standing interest may be withdrawn; one declared against a candidate stays on record."""
    if interest.expert.user_id != actor.pk:
        raise PermissionDenied(_("Experts manage their own interests."))
    if interest.candidate_id:
        raise ValidationError(_("An interest declared during a meeting stays on record."))
    interest.delete()
