"""The panel: the random draw and its replacements, the experts' commitments and declines, and
recusals found by the office."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applicants.workflow import perform_transitions
from juries import draw as drawing
from juries import permissions
from juries.meeting_workflow import perform_meeting_move, require_meeting_move
from juries.models import Assessment, Expert, PanelDraw, PanelSeat, Recusal
from juries.selectors import meeting_conflicts
from juries.services import access
from juries.services.common import (
    check_jury_may_meet,
    lock_meeting,
    meeting_url,
    office_staff,
    required_text,
)
from notifications.services import notify

COMMITMENT_TEXT = gettext_lazy(
    "I commit to the review discipline: I review fairly and independently by the evaluation "
    "conditions; I keep the candidates' materials, the deliberations, the votes and the list "
    "of experts confidential; I withdraw from any candidate with whom I have a relation or "
    "interest; I accept no gifts, favours or requests; and I vote only for myself, in person."
)


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


def _draw_inputs(meeting, groups, candidates, eligible, conflicts) -> drawing.DrawInputs:
    officers = [
        expert.pk
        for expert in sorted(eligible, key=lambda e: (e.position != Expert.Position.CHAIR, e.pk))
        if expert.position in (Expert.Position.CHAIR, Expert.Position.VICE_CHAIR)
    ]
    return drawing.DrawInputs(
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


def _seats_drawn(meeting, record, result, groups_by_key) -> list[PanelSeat]:
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
    return PanelSeat.objects.bulk_create(seats)


@transaction.atomic
def draw_panel(*, actor, meeting) -> PanelDraw:
    """Draw the review groups and the panel at random from the library, excluding every
    conflict, and record the seed and the whole draw so that it can be replayed."""
    meeting = lock_meeting(meeting)
    acting = require_meeting_move(meeting, "draw", actor)
    check_jury_may_meet(meeting.jury, meeting.held_on)
    candidates, experts, eligible, conflicts, ineligible = _draw_context(meeting)
    groups = list(meeting.groups.select_related("specialty").order_by("specialty__code", "pk"))
    groups_by_key = {str(group.specialty_id): group for group in groups}
    inputs = _draw_inputs(meeting, groups, candidates, eligible, conflicts)
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
    seats = _seats_drawn(meeting, record, result, groups_by_key)
    _record_recusals(seats, conflicts, actor)
    perform_transitions(
        [candidate.declaration for candidate in candidates],
        "start_review",
        actor=actor,
        reason=_("On the roster of “%(meeting)s”.") % {"meeting": meeting.name},
    )
    perform_meeting_move(
        meeting,
        "draw",
        actor=actor,
        acting=acting,
        changes={"drawn_at": timezone.now()},
        payload={"draw": record.pk, "seed": seed, "seats": len(seats)},
    )
    experts_by_id = {expert.pk: expert for expert in experts}
    for seat in seats:
        _notify_seat(seat, experts_by_id[seat.expert_id].user)
    return record


def _notify_seat(seat, user) -> None:
    notify(
        [user],
        subject=lambda: (
            _("You have been drawn for the review meeting “%(name)s”") % {"name": seat.meeting.name}
        ),
        body=lambda: (
            _(
                "Sign the review-discipline commitment, or decline, before %(day)s. "
                "Keep this confidential."
            )
            % {"day": date_format(seat.meeting.held_on)}
        ),
        url=reverse("juries:seat_detail", args=[seat.pk]),
    )


@transaction.atomic
def draw_replacement(*, actor, seat) -> PanelSeat:
    """Draw a replacement for an expert who declined, from the same pool (same group)
    minus everyone already drawn for the meeting."""
    meeting = lock_meeting(seat.meeting)
    require_meeting_move(meeting, "replace", actor)
    seat = PanelSeat.objects.select_related("group").get(pk=seat.pk)
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
    require_meeting_move(seat.meeting, "sign_commitment", authorize=False)
    seat.status = PanelSeat.Status.ACCEPTED
    seat.commitment_text = str(COMMITMENT_TEXT)
    seat.commitment_signed_at = timezone.now()
    seat.save(update_fields=["status", "commitment_text", "commitment_signed_at"])
    # The panel is sealed: from now until the ballot closes, the expert opens their group's files.
    access.grant_group_files(seat)
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
    if not permissions.may_decline_seat(actor, seat):
        raise PermissionDenied(_("Only the expert or the jury office may decline a seat."))
    require_meeting_move(seat.meeting, "decline", authorize=False)
    if seat.status == PanelSeat.Status.DECLINED:
        raise ValidationError(_("This seat has already been declined."))
    if seat.assessments.exists():
        raise ValidationError(_("An expert who has assessed candidates cannot decline any more."))
    seat.status = PanelSeat.Status.DECLINED
    seat.declined_at = timezone.now()
    seat.decline_reason = required_text(reason, "reason", _("Give the reason for declining."), 200)
    seat.attended = False
    seat.save(update_fields=["status", "declined_at", "decline_reason", "attended"])
    access.revoke_seat_files(seat)
    notify(
        office_staff(seat.meeting.jury),
        subject=lambda: (
            _("An expert declined a seat at “%(name)s”: draw a replacement")
            % {"name": seat.meeting.name}
        ),
        url=meeting_url(seat.meeting),
    )
    return seat


@transaction.atomic
def recuse_expert(*, actor, candidate, expert, note) -> Recusal:
    """The office withdraws an expert from a candidate on finding an interest."""
    meeting = lock_meeting(candidate.meeting)
    require_meeting_move(meeting, "recuse", actor)
    seat = meeting.seats.filter(expert=expert).exclude(status=PanelSeat.Status.DECLINED).first()
    if seat is None:
        raise ValidationError({"expert": _("This expert does not sit on the meeting.")})
    note = required_text(note, "note", _("Say what interest was found."), 200)
    Assessment.objects.filter(seat=seat, candidate=candidate).delete()
    recusal, created = Recusal.objects.get_or_create(
        expert=expert,
        candidate=candidate,
        defaults={"reason": Recusal.Reason.FOUND_BY_OFFICE, "note": note, "recorded_by": actor},
    )
    if not created:
        raise ValidationError(_("This expert is already recused from this candidate."))
    access.revoke_candidate_files(expert=expert, candidate=candidate)
    return recusal
