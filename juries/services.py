"""Writes for juries, meetings, panels, reviews, ballots and publicity. Each service checks who
may act on the object, validates everything before changing anything, and runs in one
transaction; declarations move only through applicants.workflow.perform_transition."""

import hashlib
import json
import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Role, User
from applicants.models import Declaration
from applicants.workflow import perform_transition
from juries import draw as drawing
from juries.ballot import Tally, has_quorum, quorum_needed
from juries.models import (
    Assessment,
    Ballot,
    BallotParticipation,
    Candidate,
    Expert,
    ExpertInterest,
    Jury,
    Minutes,
    Objection,
    PanelDraw,
    PanelSeat,
    Recusal,
    ReexaminationRequest,
    ResultPublicity,
    ReviewGroup,
    ReviewMeeting,
    Vote,
)
from juries.selectors import defense_applies, is_office_staff, oversees, rubric_for
from notifications.services import notify
from titles.models import EvaluationPlan
from titles.working_days import add_working_days, working_days_between

MS = ReviewMeeting.Status
DS = Declaration.Status

COMMITMENT_TEXT = gettext_lazy(
    "I commit to the review discipline: I review fairly and independently by the evaluation "
    "conditions; I keep the candidates' materials, the deliberations, the votes and the list "
    "of experts confidential; I withdraw from any candidate with whom I have a relation or "
    "interest; I accept no gifts, favours or requests; and I vote only for myself, in person."
)


def today() -> date:
    return timezone.localdate()


# --- helpers ------------------------------------------------------------------------------


def _require_office(actor, jury: Jury) -> None:
    if not is_office_staff(actor, jury):
        raise PermissionDenied(_("Only the staff of this jury's office may do this."))


def _require_bureau(actor, jury: Jury) -> None:
    if not oversees(actor, jury):
        raise PermissionDenied(_("Only the HR bureau overseeing this jury may do this."))


def _office_staff(jury: Jury) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            organization_id=jury.office_id, role=Role.JURY_OFFICE, is_active=True
        ).select_related("user")
    ]


def _bureau_staff(jury: Jury) -> list[User]:
    ancestors = [int(part) for part in jury.office.path.strip("/").split("/") if part]
    return [
        m.user
        for m in Membership.objects.filter(
            organization_id__in=ancestors, role=Role.HR_BUREAU, is_active=True
        ).select_related("user")
    ]


def _meeting_url(meeting) -> str:
    return reverse("juries:meeting_detail", args=[meeting.pk])


def _text(value, field, message, max_length=None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if max_length and len(value) > max_length:
        raise ValidationError(
            {field: _("Keep it under %(limit)d characters.") % {"limit": max_length}}
        )
    return value


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _within_term(starts: date, ends: date, years: int) -> bool:
    """A term of at most `years` years: 1 March 2025 to 29 February 2028 is three years."""
    return ends < _years_later(starts, years)


def _lock_meeting(meeting) -> ReviewMeeting:
    return (
        ReviewMeeting.objects.select_for_update(of=("self",))
        .select_related("jury__office", "plan")
        .get(pk=meeting.pk)
    )


# --- juries and experts -------------------------------------------------------------------


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
    if not (is_office_staff(actor, jury) or oversees(actor, jury)):
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


@transaction.atomic
def approve_jury(*, actor, jury, approval_document_number, approved_on, valid_until) -> Jury:
    """The HR bureau approves (or renews) a jury for at most JURY_MAX_TERM_YEARS years."""
    jury = Jury.objects.select_for_update().select_related("office").get(pk=jury.pk)
    _require_bureau(actor, jury)
    number = _text(
        approval_document_number,
        "approval_document_number",
        _("Give the approval document number."),
    )
    if not approved_on or not valid_until or valid_until <= approved_on:
        raise ValidationError({"valid_until": _("The term must end after the approval date.")})
    years = settings.JURY_MAX_TERM_YEARS
    if not _within_term(approved_on, valid_until, years):
        raise ValidationError(
            {"valid_until": _("A jury is approved for at most %(years)d years.") % {"years": years}}
        )
    active = jury.experts.filter(is_active=True)
    if jury.is_senior:
        minimum = (
            settings.JURY_MIN_SENIOR_SPECIALTY_EXPERTS
            if jury.specialty_id
            else settings.JURY_MIN_SENIOR_SERIES_EXPERTS
        )
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
    _require_office(actor, jury)
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
    elif not _within_term(term_starts, term_ends, settings.EXPERT_MAX_TERM_YEARS):
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
    _require_office(actor, expert.jury)
    _text(reason, "reason", _("Give the reason."))
    expert.is_active = False
    expert.save(update_fields=["is_active"])
    return expert


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
    if expert.user_id != actor.pk:
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
        seat = (
            PanelSeat.objects.filter(meeting_id=candidate.meeting_id, expert=expert)
            .exclude(status=PanelSeat.Status.DECLINED)
            .first()
        )
        if seat is None:
            raise PermissionDenied(_("You do not sit on this candidate's meeting."))
        if candidate.meeting.status not in (MS.APPROVED,):
            raise ValidationError(_("Interests must be declared before the ballot opens."))
        interest.meeting_id = candidate.meeting_id
        interest.candidate = candidate
        if Assessment.objects.filter(seat=seat, candidate=candidate).exists():
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
    elif not interest.person_name and organization is None:
        raise ValidationError(_("Name the person or the organization concerned."))
    interest.full_clean()
    interest.save()
    return interest


@transaction.atomic
def withdraw_interest(*, actor, interest) -> None:
    """A standing interest may be withdrawn; one declared against a candidate stays on record."""
    if interest.expert.user_id != actor.pk:
        raise PermissionDenied(_("Experts manage their own interests."))
    if interest.candidate_id:
        raise ValidationError(_("An interest declared during a meeting stays on record."))
    interest.delete()


# --- meetings -----------------------------------------------------------------------------


def _check_panel_size(jury: Jury, panel_size: int, group_size: int) -> dict:
    errors = {}
    if panel_size % 2 == 0:
        errors["panel_size"] = _("A jury sits with an odd number of experts.")
    elif jury.is_senior:
        minimum = (
            settings.JURY_MIN_SENIOR_SPECIALTY_EXPERTS
            if jury.specialty_id
            else settings.JURY_MIN_SENIOR_SERIES_EXPERTS
        )
        if panel_size < minimum:
            errors["panel_size"] = _("A senior jury sits with at least %(minimum)d experts.") % {
                "minimum": minimum
            }
    if group_size < settings.REVIEW_GROUP_MIN_EXPERTS:
        errors["group_size"] = _("A review group has at least %(minimum)d experts.") % {
            "minimum": settings.REVIEW_GROUP_MIN_EXPERTS
        }
    return errors


def _check_jury_may_meet(jury: Jury, held_on: date) -> None:
    if not jury.is_valid_on(held_on):
        if not jury.is_approved:
            raise ValidationError(_("The jury has not been approved: it cannot hold meetings."))
        raise ValidationError(
            _("The jury's approval is valid from %(start)s to %(end)s: it cannot meet on %(day)s.")
            % {
                "start": date_format(jury.approved_on),
                "end": date_format(jury.valid_until),
                "day": date_format(held_on),
            }
        )


@transaction.atomic
def create_meeting(
    *, actor, plan: EvaluationPlan, name, held_on, venue="", panel_size, group_size=None
) -> ReviewMeeting:
    jury = plan.jury
    if jury is None:
        raise ValidationError({"plan": _("The plan has no jury.")})
    _require_office(actor, jury)
    group_size = group_size or settings.REVIEW_GROUP_MIN_EXPERTS
    name = _text(name, "name", _("Give the meeting a name."), 128)
    if not held_on or held_on <= today():
        raise ValidationError({"held_on": _("The meeting must be held on a later date.")})
    _check_jury_may_meet(jury, held_on)
    errors = _check_panel_size(jury, panel_size, group_size)
    if errors:
        raise ValidationError(errors)
    return ReviewMeeting.objects.create(
        jury=jury,
        plan=plan,
        name=name,
        held_on=held_on,
        venue=(venue or "").strip(),
        panel_size=panel_size,
        group_size=group_size,
        created_by=actor,
    )


@transaction.atomic
def assign_candidates(*, actor, meeting, declarations) -> list[Candidate]:
    """Put qualified declarations of the meeting's plan on its roster, in review groups by
    specialty."""
    meeting = _lock_meeting(meeting)
    _require_office(actor, meeting.jury)
    if not meeting.is_editable:
        raise ValidationError(
            _("The roster can be changed only before the meeting is applied for.")
        )
    declarations = list(
        Declaration.objects.select_for_update(of=("self",))
        .filter(pk__in=[d.pk for d in declarations])
        .select_related("applicant", "specialty")
        .order_by("pk")
    )
    if not declarations:
        raise ValidationError({"declarations": _("Choose at least one declaration.")})
    problems = []
    taken = set(
        Candidate.objects.filter(declaration__in=declarations).values_list(
            "declaration_id", flat=True
        )
    )
    for declaration in declarations:
        if declaration.plan_id != meeting.plan_id or declaration.status != DS.QUALIFIED:
            problems.append(
                _("%(name)s: only qualified declarations of this plan can be reviewed.")
                % {"name": declaration.applicant}
            )
        elif declaration.pk in taken:
            problems.append(
                _("%(name)s is already on a meeting's roster.") % {"name": declaration.applicant}
            )
    if problems:
        raise ValidationError({"declarations": problems})
    candidates = []
    for declaration in declarations:
        group, _created = ReviewGroup.objects.get_or_create(
            meeting=meeting, specialty=declaration.specialty
        )
        candidates.append(
            Candidate.objects.create(meeting=meeting, declaration=declaration, group=group)
        )
    return candidates


@transaction.atomic
def remove_candidate(*, actor, candidate) -> None:
    meeting = _lock_meeting(candidate.meeting)
    _require_office(actor, meeting.jury)
    if not meeting.is_editable:
        raise ValidationError(
            _("The roster can be changed only before the meeting is applied for.")
        )
    group = candidate.group
    candidate.delete()
    if group is not None and not group.candidates.exists():
        group.delete()


@transaction.atomic
def apply_for_meeting(*, actor, meeting) -> ReviewMeeting:
    """Apply to the HR bureau at least MEETING_APPLICATION_WORKING_DAYS working days ahead."""
    meeting = _lock_meeting(meeting)
    _require_office(actor, meeting.jury)
    if not meeting.is_editable:
        raise ValidationError(_("This meeting has already been applied for."))
    if not meeting.candidates.exists():
        raise ValidationError(_("Put the candidates on the roster first."))
    _check_jury_may_meet(meeting.jury, meeting.held_on)
    lead = settings.MEETING_APPLICATION_WORKING_DAYS
    if working_days_between(today(), meeting.held_on) < lead:
        raise ValidationError(
            _("Apply at least %(days)d working days before the meeting: for %(day)s, by %(last)s.")
            % {
                "days": lead,
                "day": date_format(meeting.held_on),
                "last": date_format(add_working_days(meeting.held_on, -lead)),
            }
        )
    meeting.status = MS.APPLIED
    meeting.applied_at = timezone.now()
    meeting.applied_by = actor
    meeting.return_reason = ""
    meeting.save(update_fields=["status", "applied_at", "applied_by", "return_reason"])
    notify(
        _bureau_staff(meeting.jury),
        subject=_("Review meeting to approve: %(name)s") % {"name": meeting.name},
        body=_("%(office)s applies to hold it on %(day)s.")
        % {"office": meeting.jury.office, "day": date_format(meeting.held_on)},
        url=_meeting_url(meeting),
    )
    return meeting


@transaction.atomic
def approve_meeting(*, actor, meeting, observer: User) -> ReviewMeeting:
    """The bureau approves the meeting and names its discipline-inspection observer, the one
    person outside the office who may see the sealed panel."""
    meeting = _lock_meeting(meeting)
    _require_bureau(actor, meeting.jury)
    if meeting.status != MS.APPLIED:
        raise ValidationError(_("Only a meeting applied for can be approved."))
    _check_jury_may_meet(meeting.jury, meeting.held_on)
    if (
        observer is None
        or not Membership.objects.filter(
            user=observer, role=Role.HR_BUREAU, is_active=True
        ).exists()
    ):
        raise ValidationError({"observer": _("Name a member of HR bureau staff as the observer.")})
    if (
        meeting.jury.experts.filter(user=observer).exists()
        or meeting.candidates.filter(declaration__applicant=observer).exists()
    ):
        raise ValidationError(
            {"observer": _("The observer may be neither an expert of the jury nor a candidate.")}
        )
    meeting.status = MS.APPROVED
    meeting.decided_at = timezone.now()
    meeting.decided_by = actor
    meeting.observer = observer
    meeting.save(update_fields=["status", "decided_at", "decided_by", "observer"])
    notify(
        _office_staff(meeting.jury) + [observer],
        subject=_("Review meeting approved: %(name)s") % {"name": meeting.name},
        url=_meeting_url(meeting),
    )
    return meeting


@transaction.atomic
def return_meeting(*, actor, meeting, reason) -> ReviewMeeting:
    meeting = _lock_meeting(meeting)
    _require_bureau(actor, meeting.jury)
    if meeting.status != MS.APPLIED:
        raise ValidationError(_("Only a meeting applied for can be returned."))
    meeting.return_reason = _text(reason, "reason", _("Give the reason for returning it."))
    meeting.status = MS.RETURNED
    meeting.decided_at = timezone.now()
    meeting.decided_by = actor
    meeting.save(update_fields=["status", "return_reason", "decided_at", "decided_by"])
    notify(
        _office_staff(meeting.jury),
        subject=_("Review meeting returned: %(name)s") % {"name": meeting.name},
        body=meeting.return_reason,
        url=_meeting_url(meeting),
    )
    return meeting


# --- the panel draw -----------------------------------------------------------------------


def _normalized(value) -> str:
    return (value or "").strip().upper()


def meeting_conflicts(meeting, experts, candidates) -> dict[int, list[tuple[int, str]]]:
    """Every (candidate, reason) each expert is conflicted with: the applicant themself, the
    same employer, or an interest the expert declared (standing, or for this meeting)."""
    interests = defaultdict(list)
    for interest in ExpertInterest.objects.filter(
        Q(meeting__isnull=True) | Q(meeting=meeting), expert__in=experts
    ):
        interests[interest.expert_id].append(interest)
    conflicts = {}
    for expert in experts:
        found = []
        for candidate in candidates:
            declaration = candidate.declaration
            applicant = declaration.applicant
            reason = None
            if expert.user_id == declaration.applicant_id:
                reason = Recusal.Reason.APPLICANT_SELF
            elif expert.employer_id == declaration.employer_id:
                reason = Recusal.Reason.SAME_EMPLOYER
            else:
                for interest in interests[expert.pk]:
                    if (
                        interest.candidate_id == candidate.pk
                        or (
                            interest.organization_id
                            and interest.organization_id == declaration.employer_id
                        )
                        or (
                            interest.person_id_number
                            and interest.person_id_number == _normalized(applicant.id_number)
                        )
                        or (
                            interest.person_name
                            and not interest.person_id_number
                            and interest.person_name == (applicant.real_name or "").strip()
                        )
                    ):
                        reason = Recusal.Reason.DECLARED_RELATION
                        break
            if reason:
                found.append((candidate.pk, str(reason)))
        conflicts[expert.pk] = found
    return conflicts


def _draw_context(meeting):
    """The library as the draw sees it: eligible experts, the roster, every conflict."""
    candidates = list(
        meeting.candidates.select_related(
            "declaration__applicant", "declaration__employer", "declaration__title", "group"
        ).order_by("pk")
    )
    experts = list(
        meeting.jury.experts.filter(is_active=True).select_related("user").order_by("pk")
    )
    conflicts = meeting_conflicts(meeting, experts, candidates)
    top_level = max(c.declaration.title.level for c in candidates)
    ineligible = {}
    for expert in experts:
        if not expert.serves_on(meeting.held_on):
            ineligible[expert.pk] = "term"
        elif expert.title_level < top_level:
            ineligible[expert.pk] = "title_level"
        elif any(reason == Recusal.Reason.APPLICANT_SELF for _c, reason in conflicts[expert.pk]):
            ineligible[expert.pk] = "candidate"
    eligible = [expert for expert in experts if expert.pk not in ineligible]
    return candidates, experts, eligible, conflicts, ineligible


def _group_pool(group, candidates, eligible, conflicts) -> list[int]:
    members = {c.pk for c in candidates if c.group_id == group.pk}
    return [
        expert.pk
        for expert in eligible
        if expert.specialty_id == group.specialty_id
        and not any(candidate in members for candidate, _reason in conflicts[expert.pk])
    ]


def _draw_refused(error: drawing.DrawImpossible, groups_by_key) -> ValidationError:
    if error.slot in groups_by_key:
        return ValidationError(
            _(
                "Only %(available)d conflict-free experts of %(specialty)s are available for its "
                "review group; %(needed)d are needed."
            )
            % {
                "available": error.available,
                "needed": error.needed,
                "specialty": groups_by_key[error.slot].specialty,
            }
        )
    if error.slot == "panel":
        return ValidationError(
            _(
                "The review groups and the chairs need %(needed)d experts, more than the panel's "
                "%(available)d seats."
            )
            % {"needed": error.needed, "available": error.available}
        )
    return ValidationError(
        _("Only %(available)d more eligible experts are in the library; %(needed)d are needed.")
        % {"available": error.available, "needed": error.needed}
    )


def _record_recusals(seats, conflicts, actor) -> None:
    Recusal.objects.bulk_create(
        [
            Recusal(
                expert_id=seat.expert_id, candidate_id=candidate, reason=reason, recorded_by=actor
            )
            for seat in seats
            for candidate, reason in conflicts.get(seat.expert_id, [])
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def draw_panel(*, actor, meeting) -> PanelDraw:
    """Draw the review groups and the panel at random from the library, excluding every
    conflict, and record the seed and the whole draw so that it can be replayed."""
    meeting = _lock_meeting(meeting)
    _require_office(actor, meeting.jury)
    if meeting.status != MS.APPROVED:
        raise ValidationError(_("The panel is drawn for an approved meeting."))
    if meeting.draws.exists():
        raise ValidationError(
            _("The panel has already been drawn; replace experts who decline instead.")
        )
    _check_jury_may_meet(meeting.jury, meeting.held_on)
    candidates, experts, eligible, conflicts, ineligible = _draw_context(meeting)
    groups = list(meeting.groups.select_related("specialty").order_by("specialty__code", "pk"))
    groups_by_key = {str(group.specialty_id): group for group in groups}
    officers = [
        expert.pk
        for expert in sorted(eligible, key=lambda e: (e.position != Expert.Position.CHAIR, e.pk))
        if expert.position in (Expert.Position.CHAIR, Expert.Position.VICE_CHAIR)
    ]
    inputs = drawing.DrawInputs(
        groups=tuple(
            drawing.GroupSlot(
                key=str(group.specialty_id),
                size=meeting.group_size,
                pool=tuple(_group_pool(group, candidates, eligible, conflicts)),
            )
            for group in groups
        ),
        ex_officio=tuple(officers),
        at_large_pool=tuple(expert.pk for expert in eligible),
        panel_size=meeting.panel_size,
    )
    seed = drawing.new_seed()
    try:
        result = drawing.draw_panel(seed, inputs)
    except drawing.DrawImpossible as error:
        raise _draw_refused(error, groups_by_key) from error
    record = PanelDraw.objects.create(
        meeting=meeting,
        kind=PanelDraw.Kind.INITIAL,
        algorithm=drawing.ALGORITHM,
        seed=seed,
        inputs={
            **inputs.to_json(),
            "conflicts": {str(k): v for k, v in conflicts.items() if v},
            "ineligible": {str(k): v for k, v in ineligible.items()},
        },
        result=result,
        drawn_by=actor,
    )
    seats = [
        PanelSeat(
            meeting=meeting,
            expert_id=expert,
            group=groups_by_key[key],
            draw=record,
            basis=PanelSeat.Basis.GROUP,
        )
        for key, chosen in result["groups"].items()
        for expert in chosen
    ]
    seats += [
        PanelSeat(meeting=meeting, expert_id=expert, draw=record, basis=PanelSeat.Basis.EX_OFFICIO)
        for expert in result["ex_officio"]
    ]
    seats += [
        PanelSeat(meeting=meeting, expert_id=expert, draw=record, basis=PanelSeat.Basis.AT_LARGE)
        for expert in result["at_large"]
    ]
    seats = PanelSeat.objects.bulk_create(seats)
    _record_recusals(seats, conflicts, actor)
    for candidate in candidates:
        perform_transition(
            candidate.declaration,
            "start_review",
            actor=actor,
            reason=_("On the roster of “%(meeting)s”.") % {"meeting": meeting.name},
        )
    meeting.drawn_at = timezone.now()
    meeting.save(update_fields=["drawn_at"])
    experts_by_id = {expert.pk: expert for expert in experts}
    for seat in seats:
        _notify_seat(seat, experts_by_id[seat.expert_id].user)
    return record


def _notify_seat(seat, user) -> None:
    notify(
        [user],
        subject=_("You have been drawn for the review meeting “%(name)s”")
        % {"name": seat.meeting.name},
        body=_(
            "Sign the review-discipline commitment, or decline, before %(day)s. "
            "Keep this confidential."
        )
        % {"day": date_format(seat.meeting.held_on)},
        url=reverse("juries:seat_detail", args=[seat.pk]),
    )


@transaction.atomic
def draw_replacement(*, actor, seat) -> PanelSeat:
    """Draw a replacement for an expert who declined, from the same pool (same group)
    minus everyone already drawn for the meeting."""
    meeting = _lock_meeting(seat.meeting)
    _require_office(actor, meeting.jury)
    seat = PanelSeat.objects.select_related("group").get(pk=seat.pk)
    if meeting.status != MS.APPROVED:
        raise ValidationError(_("Experts can be replaced only before the ballot opens."))
    if seat.status != PanelSeat.Status.DECLINED:
        raise ValidationError(_("Only an expert who declined is replaced."))
    if PanelDraw.objects.filter(replaced_seat=seat).exists():
        raise ValidationError(_("This expert has already been replaced."))
    candidates, experts, eligible, conflicts, _ineligible = _draw_context(meeting)
    already = set(meeting.seats.values_list("expert_id", flat=True))
    if seat.group is not None:
        pool = _group_pool(seat.group, candidates, eligible, conflicts)
    else:
        pool = [expert.pk for expert in eligible]
    pool = [expert for expert in pool if expert not in already]
    seed = drawing.new_seed()
    try:
        chosen = drawing.draw_replacement(seed, pool)
    except drawing.DrawImpossible as error:
        raise ValidationError(
            _("No eligible conflict-free expert is left to replace this one.")
        ) from error
    record = PanelDraw.objects.create(
        meeting=meeting,
        kind=PanelDraw.Kind.REPLACEMENT,
        algorithm=drawing.ALGORITHM,
        seed=seed,
        inputs={
            "replacement_pool": sorted(pool),
            "replaced_seat": seat.pk,
            "conflicts": {str(k): v for k, v in conflicts.items() if v},
        },
        result={"replacement": chosen},
        replaced_seat=seat,
        drawn_by=actor,
    )
    new_seat = PanelSeat.objects.create(
        meeting=meeting,
        expert_id=chosen,
        group=seat.group,
        draw=record,
        basis=PanelSeat.Basis.REPLACEMENT,
    )
    _record_recusals([new_seat], conflicts, actor)
    _notify_seat(new_seat, Expert.objects.select_related("user").get(pk=chosen).user)
    return new_seat


def replay_draw(record: PanelDraw):
    """What the recorded inputs and seed give when drawn again; equal to `record.result`
    unless the record was tampered with."""
    inputs = {
        k: v
        for k, v in record.inputs.items()
        if k not in ("conflicts", "ineligible", "replaced_seat")
    }
    return drawing.replay(record.algorithm, record.seed, inputs)


@transaction.atomic
def sign_commitment(*, actor, seat) -> PanelSeat:
    seat = (
        PanelSeat.objects.select_for_update(of=("self",))
        .select_related("expert", "meeting")
        .get(pk=seat.pk)
    )
    if seat.expert.user_id != actor.pk:
        raise PermissionDenied(_("Each expert signs their own commitment."))
    if seat.status != PanelSeat.Status.PENDING:
        raise ValidationError(_("This seat is no longer awaiting the commitment."))
    if seat.meeting.status != MS.APPROVED:
        raise ValidationError(_("The meeting is no longer taking commitments."))
    seat.status = PanelSeat.Status.ACCEPTED
    seat.commitment_text = str(COMMITMENT_TEXT)
    seat.commitment_signed_at = timezone.now()
    seat.save(update_fields=["status", "commitment_text", "commitment_signed_at"])
    return seat


@transaction.atomic
def decline_seat(*, actor, seat, reason) -> PanelSeat:
    """The expert (or the office, on their word) declines; the office then draws a
    replacement."""
    seat = (
        PanelSeat.objects.select_for_update(of=("self",))
        .select_related("expert", "meeting__jury")
        .get(pk=seat.pk)
    )
    if seat.expert.user_id != actor.pk and not is_office_staff(actor, seat.meeting.jury):
        raise PermissionDenied(_("Only the expert or the jury office may decline a seat."))
    if seat.meeting.status != MS.APPROVED:
        raise ValidationError(_("Seats can be declined only before the ballot opens."))
    if seat.status == PanelSeat.Status.DECLINED:
        raise ValidationError(_("This seat has already been declined."))
    if seat.assessments.exists():
        raise ValidationError(_("An expert who has assessed candidates cannot decline any more."))
    seat.status = PanelSeat.Status.DECLINED
    seat.declined_at = timezone.now()
    seat.decline_reason = _text(reason, "reason", _("Give the reason for declining."), 200)
    seat.attended = False
    seat.save(update_fields=["status", "declined_at", "decline_reason", "attended"])
    notify(
        _office_staff(seat.meeting.jury),
        subject=_("An expert declined a seat at “%(name)s”: draw a replacement")
        % {"name": seat.meeting.name},
        url=_meeting_url(seat.meeting),
    )
    return seat


@transaction.atomic
def recuse_expert(*, actor, candidate, expert, note) -> Recusal:
    """The office withdraws an expert from a candidate on finding an interest."""
    meeting = _lock_meeting(candidate.meeting)
    _require_office(actor, meeting.jury)
    if meeting.status != MS.APPROVED:
        raise ValidationError(_("Recusals are settled before the ballot opens."))
    seat = meeting.seats.filter(expert=expert).exclude(status=PanelSeat.Status.DECLINED).first()
    if seat is None:
        raise ValidationError({"expert": _("This expert does not sit on the meeting.")})
    note = _text(note, "note", _("Say what interest was found."), 200)
    Assessment.objects.filter(seat=seat, candidate=candidate).delete()
    recusal, created = Recusal.objects.get_or_create(
        expert=expert,
        candidate=candidate,
        defaults={"reason": Recusal.Reason.FOUND_BY_OFFICE, "note": note, "recorded_by": actor},
    )
    if not created:
        raise ValidationError(_("This expert is already recused from this candidate."))
    return recusal


# --- review -------------------------------------------------------------------------------


def _score(value, field) -> Decimal:
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({field: _("Enter a number.")}) from error
    if not score.is_finite() or score < 0 or score > settings.JURY_SCORE_MAX:
        raise ValidationError(
            {field: _("Enter a score from 0 to %(max)d.") % {"max": settings.JURY_SCORE_MAX}}
        )
    if score != score.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Use at most two decimal places.")})
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def submit_assessment(*, actor, candidate, opinion, scores: dict, defense_score=None) -> Assessment:
    """A group expert's written opinion and a score for every rubric item (and a defense
    score for senior candidates). It can be revised until the ballot opens."""
    candidate = Candidate.objects.select_related(
        "meeting", "declaration__title__series", "declaration__applicant"
    ).get(pk=candidate.pk)
    seat = PanelSeat.objects.filter(
        meeting_id=candidate.meeting_id,
        expert__user=actor,
        group_id=candidate.group_id,
        status=PanelSeat.Status.ACCEPTED,
    ).first()
    if (
        seat is None
        or candidate.group_id is None
        or Recusal.objects.filter(expert_id=seat.expert_id, candidate=candidate).exists()
    ):
        raise PermissionDenied(_("Only the candidate's review group assesses them."))
    if candidate.meeting.status != MS.APPROVED:
        raise ValidationError(_("Assessments are closed once the ballot opens."))
    opinion = _text(opinion, "opinion", _("Write your opinion."), 5000)
    rubric = rubric_for(candidate.declaration.title.series.code)
    scores = scores or {}
    unknown = set(scores) - {item.code for item in rubric}
    if unknown:
        raise ValidationError(
            {"scores": _("Unknown rubric items: %(items)s") % {"items": ", ".join(sorted(unknown))}}
        )
    cleaned = {}
    for item in rubric:
        if scores.get(item.code) in (None, ""):
            raise ValidationError({item.code: _("Score every item of the rubric.")})
        cleaned[item.code] = _score(scores[item.code], item.code)
    total_weight = sum(item.weight for item in rubric)
    total = (sum(cleaned[item.code] * item.weight for item in rubric) / total_weight).quantize(
        Decimal("0.01")
    )
    defense = None
    if defense_score not in (None, ""):
        if not defense_applies(candidate.declaration):
            raise ValidationError({"defense_score": _("This candidate is not given a defense.")})
        defense = _score(defense_score, "defense_score")
    assessment, _created = Assessment.objects.update_or_create(
        seat=seat,
        candidate=candidate,
        defaults={
            "opinion": opinion,
            "scores": {code: str(value) for code, value in cleaned.items()},
            "total": total,
            "defense_score": defense,
        },
    )
    return assessment


# --- attendance and the secret ballot -----------------------------------------------------


def presiding_seat(meeting) -> PanelSeat | None:
    """The chair presides; without them, the first attending vice-chair."""
    seats = meeting.seats.filter(
        status=PanelSeat.Status.ACCEPTED,
        attended=True,
        expert__position__in=(Expert.Position.CHAIR, Expert.Position.VICE_CHAIR),
    ).select_related("expert__user")
    return min(
        seats, key=lambda s: (s.expert.position != Expert.Position.CHAIR, s.pk), default=None
    )


@transaction.atomic
def record_attendance(*, actor, meeting, present_seats) -> int:
    """The roll call: the experts present, before the ballot opens."""
    meeting = _lock_meeting(meeting)
    _require_office(actor, meeting.jury)
    if meeting.status != MS.APPROVED or not meeting.draws.exists():
        raise ValidationError(
            _("Attendance is taken at an approved meeting, after the draw, before the ballot.")
        )
    if today() < meeting.held_on:
        raise ValidationError(
            _("Attendance is taken on the day of the meeting, %(day)s.")
            % {"day": date_format(meeting.held_on)}
        )
    present = {seat.pk for seat in present_seats}
    seats = meeting.seats.all()
    not_seated = present - {seat.pk for seat in seats}
    if not_seated:
        raise ValidationError({"seats": _("Only the meeting's experts can attend.")})
    unsigned = [
        seat for seat in seats if seat.pk in present and seat.status != PanelSeat.Status.ACCEPTED
    ]
    if unsigned:
        raise ValidationError(
            {
                "seats": _(
                    "%(count)d of the experts marked present have not signed the commitment."
                )
                % {"count": len(unsigned)}
            }
        )
    meeting.seats.update(attended=False)
    return meeting.seats.filter(pk__in=present).update(attended=True)


def quorum_state(meeting) -> tuple[int, int, int]:
    """(attending, seated, needed): the seated panel is every seat not declined."""
    seats = meeting.seats.exclude(status=PanelSeat.Status.DECLINED)
    seated = seats.count()
    attending = seats.filter(status=PanelSeat.Status.ACCEPTED, attended=True).count()
    return attending, seated, quorum_needed(seated)


@transaction.atomic
def open_ballot(*, actor, meeting) -> Ballot:
    meeting = _lock_meeting(meeting)
    _require_office(actor, meeting.jury)
    if meeting.status != MS.APPROVED:
        raise ValidationError(_("The ballot opens at an approved meeting that has not voted yet."))
    if today() < meeting.held_on:
        raise ValidationError(
            _("The ballot opens at the meeting, on %(day)s.")
            % {"day": date_format(meeting.held_on)}
        )
    _check_jury_may_meet(meeting.jury, today())
    attending, seated, needed = quorum_state(meeting)
    if not has_quorum(attending, seated):
        raise ValidationError(
            _(
                "No quorum: %(attending)d of the %(seated)d panel members attend; "
                "at least %(needed)d must."
            )
            % {"attending": attending, "seated": seated, "needed": needed}
        )
    if presiding_seat(meeting) is None:
        raise ValidationError(_("Neither the chair nor a vice-chair attends: nobody can preside."))
    ballot = Ballot.objects.create(
        meeting=meeting,
        seated=seated,
        attending=attending,
        opened_by=actor,
        opened_at=timezone.now(),
    )
    meeting.status = MS.BALLOT_OPEN
    meeting.save(update_fields=["status"])
    return ballot


@transaction.atomic
def cast_votes(*, actor, meeting, choices: dict) -> int:
    """One expert's ballot paper: yes, no or abstain on candidates they have not voted on.
    Who voted and what was voted are written to two tables with nothing joining them."""
    ballot = Ballot.objects.select_for_update().filter(meeting_id=meeting.pk).first()
    if ballot is None or ballot.status != Ballot.Status.OPEN:
        raise ValidationError(_("The ballot is not open: votes are taken only while it is open."))
    seat = PanelSeat.objects.filter(
        meeting_id=meeting.pk, expert__user=actor, status=PanelSeat.Status.ACCEPTED
    ).first()
    if seat is None:
        raise PermissionDenied(_("Only the meeting's experts vote, each for themselves."))
    if not seat.attended:
        raise PermissionDenied(
            _("Only experts attending the meeting vote; there are no proxy votes.")
        )
    if not choices:
        raise ValidationError({"votes": _("Vote on at least one candidate.")})
    candidates = {
        c.pk: c
        for c in meeting.candidates.filter(pk__in=list(choices)).select_related(
            "declaration__applicant"
        )
    }
    recused = set(
        Recusal.objects.filter(
            expert_id=seat.expert_id, candidate_id__in=list(choices)
        ).values_list("candidate_id", flat=True)
    )
    voted = set(
        BallotParticipation.objects.filter(seat=seat, candidate_id__in=list(choices)).values_list(
            "candidate_id", flat=True
        )
    )
    problems = []
    for candidate_id, choice in choices.items():
        candidate = candidates.get(candidate_id)
        if candidate is None:
            problems.append(_("A candidate voted on is not on this meeting's roster."))
        elif choice not in Vote.Choice.values:
            problems.append(
                _("%(name)s: vote yes, no or abstain.") % {"name": candidate.declaration.applicant}
            )
        elif candidate_id in recused:
            problems.append(
                _("%(name)s: you are recused from this candidate and do not vote.")
                % {"name": candidate.declaration.applicant}
            )
        elif candidate_id in voted:
            problems.append(
                _("%(name)s: you have already voted on this candidate.")
                % {"name": candidate.declaration.applicant}
            )
    if problems:
        raise ValidationError({"votes": problems})
    shuffle = random.SystemRandom().shuffle
    participations = [
        BallotParticipation(ballot=ballot, seat=seat, candidate_id=c) for c in choices
    ]
    votes = [Vote(ballot=ballot, candidate_id=c, choice=choice) for c, choice in choices.items()]
    shuffle(participations)
    shuffle(votes)
    BallotParticipation.objects.bulk_create(participations)
    Vote.objects.bulk_create(votes)
    return len(votes)


def _count_per_candidate(rows):
    """The number of `rows` (filtered on candidate=OuterRef("pk")) as a subquery, 0 if none."""
    counted = rows.order_by().values("candidate").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0, output_field=IntegerField())


@transaction.atomic
def close_ballot(*, actor, meeting) -> Ballot:
    """Close the ballot and tally. The votes are rewritten in random order with new keys
    first, so that neither their physical order nor their transaction follows the order in
    which the experts voted."""
    meeting = _lock_meeting(meeting)
    _require_office(actor, meeting.jury)
    ballot = Ballot.objects.select_for_update().filter(meeting=meeting).first()
    if ballot is None or ballot.status != Ballot.Status.OPEN:
        raise ValidationError(_("The ballot is not open."))
    cast = list(ballot.votes.values_list("candidate_id", "choice"))
    ballot.votes.all().delete()
    random.SystemRandom().shuffle(cast)
    Vote.objects.bulk_create(
        Vote(ballot=ballot, candidate_id=c, choice=choice) for c, choice in cast
    )
    attending = set(
        meeting.seats.filter(status=PanelSeat.Status.ACCEPTED, attended=True).values_list(
            "expert_id", flat=True
        )
    )
    # Every candidate's tally in one UPDATE, counted by the database from the votes just
    # rewritten: the attending experts less those recused from the candidate, and the yes,
    # no and abstain votes cast on them. A candidate sits on one meeting, which has one
    # ballot, so the candidate alone selects its votes (and its index finds them).
    votes = Vote.objects.filter(candidate=OuterRef("pk"))
    Candidate.objects.filter(meeting=meeting).update(
        voters=len(attending)
        - _count_per_candidate(
            Recusal.objects.filter(candidate=OuterRef("pk"), expert_id__in=attending)
        ),
        votes_yes=_count_per_candidate(votes.filter(choice=Vote.Choice.YES)),
        votes_no=_count_per_candidate(votes.filter(choice=Vote.Choice.NO)),
        votes_abstain=_count_per_candidate(votes.filter(choice=Vote.Choice.ABSTAIN)),
    )
    ballot.status = Ballot.Status.CLOSED
    ballot.closed_by = actor
    ballot.closed_at = timezone.now()
    ballot.save(update_fields=["status", "closed_by", "closed_at"])
    meeting.status = MS.BALLOT_CLOSED
    meeting.save(update_fields=["status"])
    presiding = presiding_seat(meeting)
    if presiding is not None:
        notify(
            [presiding.expert.user],
            subject=_("Confirm the result of “%(name)s”") % {"name": meeting.name},
            url=reverse("juries:confirm", args=[meeting.pk]),
        )
    return ballot


def tally_of(candidate) -> Tally:
    return Tally(
        voters=candidate.voters or 0,
        yes=candidate.votes_yes or 0,
        no=candidate.votes_no or 0,
        abstain=candidate.votes_abstain or 0,
    )


def build_minutes(meeting, chair) -> dict:
    seats = list(
        meeting.seats.select_related(
            "expert__user", "expert__specialty", "group__specialty"
        ).order_by("pk")
    )
    candidates = list(
        meeting.candidates.select_related(
            "declaration__applicant",
            "declaration__employer",
            "declaration__title",
            "declaration__specialty",
            "group__specialty",
        )
        .prefetch_related("assessments__seat__expert__user", "recusals__expert__user")
        .order_by("pk")
    )

    def person(seat):
        return {
            "name": seat.expert.user.real_name,
            "position": seat.expert.get_position_display(),
            "specialty": seat.expert.specialty.name_zh,
        }

    return {
        "meeting": {
            "name": meeting.name,
            "jury": meeting.jury.name,
            "held_on": meeting.held_on,
            "venue": meeting.venue,
            "plan": meeting.plan.name,
        },
        "seated": meeting.ballot.seated,
        "attending": [person(s) for s in seats if s.attended],
        "absent": [
            person(s) for s in seats if not s.attended and s.status != PanelSeat.Status.DECLINED
        ],
        "declined": [person(s) for s in seats if s.status == PanelSeat.Status.DECLINED],
        "candidates": [
            {
                "name": c.declaration.applicant.real_name,
                "employer": c.declaration.employer.name,
                "title": c.declaration.title.name_zh,
                "specialty": c.declaration.specialty.name_zh,
                "group": c.group.specialty.name_zh if c.group else "",
                "opinions": [
                    {
                        "expert": a.seat.expert.user.real_name,
                        "opinion": a.opinion,
                        "total": a.total,
                        "defense_score": a.defense_score,
                    }
                    for a in c.assessments.all()
                ],
                "recused": [r.expert.user.real_name for r in c.recusals.all()],
                "voters": c.voters,
                "yes": c.votes_yes,
                "no": c.votes_no,
                "abstain": c.votes_abstain,
                "blank": c.votes_blank,
                "outcome": c.outcome,
            }
            for c in candidates
        ],
        "presiding": chair.real_name,
        "ballot_opened_at": meeting.ballot.opened_at,
        "ballot_closed_at": meeting.ballot.closed_at,
        "confirmed_at": meeting.confirmed_at,
    }


def minutes_digest(content: dict) -> str:
    canonical = json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def confirm_result(*, actor, meeting) -> Minutes:
    """The presiding chair confirms the tally: each declaration passes or fails through the
    workflow, and the minutes are generated and kept."""
    meeting = _lock_meeting(meeting)
    if meeting.status != MS.BALLOT_CLOSED:
        raise ValidationError(_("The result is confirmed once the ballot has closed."))
    presiding = presiding_seat(meeting)
    if presiding is None or presiding.expert.user_id != actor.pk:
        raise PermissionDenied(_("Only the chair presiding over the meeting confirms its result."))
    outcomes = {Candidate.Outcome.PASSED: [], Candidate.Outcome.FAILED: []}
    for candidate in meeting.candidates.select_related("declaration").order_by("pk"):
        tally = tally_of(candidate)
        outcome = Candidate.Outcome.PASSED if tally.passed else Candidate.Outcome.FAILED
        outcomes[outcome].append(candidate.pk)
        perform_transition(
            candidate.declaration,
            "pass" if tally.passed else "fail",
            actor=None,
            reason=_(
                "Secret ballot at “%(meeting)s”: %(yes)d yes, %(no)d no, %(abstain)d abstain "
                "of %(voters)d attending experts; confirmed by the chair %(chair)s."
            )
            % {
                "meeting": meeting.name,
                "yes": tally.yes,
                "no": tally.no,
                "abstain": tally.abstain,
                "voters": tally.voters,
                "chair": actor.real_name,
            },
        )
    # The outcomes in two statements (passed, failed), inside the same transaction as the moves.
    for outcome, pks in outcomes.items():
        if pks:
            Candidate.objects.filter(pk__in=pks).update(outcome=outcome)
    meeting.status = MS.CONFIRMED
    meeting.confirmed_by = actor
    meeting.confirmed_at = timezone.now()
    meeting.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    content = json.loads(json.dumps(build_minutes(meeting, actor), cls=DjangoJSONEncoder))
    minutes = Minutes.objects.create(
        meeting=meeting, content=content, digest=minutes_digest(content)
    )
    notify(
        _office_staff(meeting.jury),
        subject=_("The result of “%(name)s” is confirmed: publish the passed list")
        % {"name": meeting.name},
        url=_meeting_url(meeting),
    )
    return minutes


# --- result publicity, objections, re-examination -----------------------------------------


def publicity_end(starts_on: date, working_days: int) -> date:
    """The last day of a window holding `working_days` working days, counting the first day
    when it is a working day."""
    return add_working_days(starts_on - timedelta(days=1), working_days)


@transaction.atomic
def publish_results(
    *, actor, meeting, starts_on=None, ends_on=None, notice="", contact=""
) -> ResultPublicity:
    """Publish the passed list on the public page for at least the plan's working days."""
    meeting = _lock_meeting(meeting)
    _require_office(actor, meeting.jury)
    if meeting.status != MS.CONFIRMED:
        raise ValidationError(_("Publish the result once the chair has confirmed it."))
    if ResultPublicity.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("The result has already been published."))
    passed = list(
        meeting.candidates.filter(outcome=Candidate.Outcome.PASSED).select_related("declaration")
    )
    if not passed:
        raise ValidationError(_("No candidate passed: there is no list to publish."))
    starts_on = starts_on or today()
    if starts_on < today():
        raise ValidationError({"starts_on": _("The publicity cannot start in the past.")})
    days = meeting.plan.result_publicity_working_days or settings.RESULT_PUBLICITY_WORKING_DAYS
    earliest_end = publicity_end(starts_on, days)
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
    publicity = ResultPublicity.objects.create(
        meeting=meeting,
        starts_on=starts_on,
        ends_on=ends_on,
        notice=(notice or "").strip(),
        contact=(contact or "").strip(),
        published_by=actor,
    )
    for candidate in passed:
        perform_transition(
            candidate.declaration,
            "start_result_publicity",
            actor=actor,
            reason=_("Publicized from %(start)s to %(end)s.")
            % {"start": date_format(starts_on), "end": date_format(ends_on)},
        )
    return publicity


def _clean_phone(value) -> str:
    phone = (value or "").strip()
    digits = [ch for ch in phone if ch.isdigit()]
    if not 5 <= len(digits) <= 20 or any(not (ch.isdigit() or ch in "+- ()") for ch in phone):
        raise ValidationError({"filer_phone": _("Give a phone number we can reach you on.")})
    return phone


@transaction.atomic
def file_objection(
    *, publicity, candidate, filer_name, filer_phone, filer_email="", content
) -> Objection:
    """Anyone may object to a publicized candidate during the window, giving contact details."""
    publicity = ResultPublicity.objects.select_for_update().get(pk=publicity.pk)
    day = today()
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
    name = _text(filer_name, "filer_name", _("Give your name."), 64)
    phone = _clean_phone(filer_phone)
    email = (filer_email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"filer_email": _("Enter a valid e-mail address.")}) from error
    objection = Objection.objects.create(
        publicity=publicity,
        candidate=candidate,
        filer_name=name,
        filer_phone=phone,
        filer_email=email,
        content=_text(content, "content", _("Say what you object to."), 5000),
    )
    notify(
        _office_staff(publicity.meeting.jury),
        subject=_("Objection to the result of %(name)s")
        % {"name": candidate.declaration.applicant},
        url=reverse("juries:objection_detail", args=[objection.pk]),
    )
    return objection


@transaction.atomic
def decide_objection(*, actor, objection, upheld: bool, finding) -> Objection:
    """Record what the investigation found; an upheld objection fails the candidate."""
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("publicity__meeting__jury", "candidate__declaration")
        .get(pk=objection.pk)
    )
    _require_office(actor, objection.publicity.meeting.jury)
    if objection.status != Objection.Status.OPEN:
        raise ValidationError(_("This objection has already been decided."))
    finding = _text(finding, "finding", _("Record what the investigation found."), 5000)
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.finding = finding
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.save(update_fields=["status", "finding", "decided_by", "decided_at"])
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
    if publicity.closed_at is not None or (day or today()) <= publicity.ends_on:
        return False
    if publicity.objections.filter(status=Objection.Status.OPEN).exists():
        return False
    now = timezone.now()
    publicity.meeting.candidates.filter(
        outcome=Candidate.Outcome.PASSED,
        overturned_at__isnull=True,
        declaration__status=DS.IN_RESULT_PUBLICITY,
    ).update(ready_for_filing_at=now)
    publicity.closed_at = now
    publicity.save(update_fields=["closed_at"])
    return True


def close_ended_publicities(day=None) -> int:
    """For the beat task: close every window that has ended; each in its own transaction."""
    day = day or today()
    closed = 0
    for publicity in ResultPublicity.objects.filter(closed_at__isnull=True, ends_on__lt=day):
        closed += close_publicity(publicity=publicity, day=day)
    return closed


@transaction.atomic
def request_reexamination(*, actor, candidate, reason) -> ReexaminationRequest:
    """An applicant asks for re-examination (复查) of their own confirmed result."""
    candidate = Candidate.objects.select_related("declaration", "meeting__jury").get(
        pk=candidate.pk
    )
    if candidate.declaration.applicant_id != actor.pk:
        raise PermissionDenied(_("Applicants ask for re-examination of their own result only."))
    if candidate.outcome == Candidate.Outcome.PENDING:
        raise ValidationError(_("There is no result to re-examine yet."))
    if candidate.reexaminations.filter(status=ReexaminationRequest.Status.OPEN).exists():
        raise ValidationError(_("Your earlier request is still being handled."))
    request = ReexaminationRequest.objects.create(
        candidate=candidate,
        requested_by=actor,
        reason=_text(reason, "reason", _("Say why the result should be re-examined."), 5000),
    )
    notify(
        _office_staff(candidate.meeting.jury),
        subject=_("Re-examination requested by %(name)s") % {"name": actor},
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
    _require_office(actor, request.candidate.meeting.jury)
    if request.status != ReexaminationRequest.Status.OPEN:
        raise ValidationError(_("This request has already been answered."))
    request.answer = _text(answer, "answer", _("Write the answer."), 5000)
    request.status = ReexaminationRequest.Status.ANSWERED
    request.answered_by = actor
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    notify(
        [request.requested_by],
        subject=_("Your re-examination request has been answered"),
        body=request.answer,
        url=reverse("juries:my_results"),
    )
    return request
