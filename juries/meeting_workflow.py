"""The review meeting's state table. `MOVES` lists what can be done to a meeting: from which
states, into which state (None: the state stays), by whom, and what someone trying it from
another state is told. `perform_meeting_move` is the only code that writes
`ReviewMeeting.status`: inside one transaction it checks the role and the state, writes the new
state with the move's own fields, and appends the decision to the audit chain with the named
actor, their role, the time and the reason.

Moves marked `recorded=False` are the steps taken within a state (changing the roster, taking
the roll call, voting): the services ask `require_meeting_move` whether the state allows them,
and the pages ask `open_meeting_moves` which of them to offer."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from audit.services import append_audit_record
from juries import permissions
from juries.models import ResultPublicity, ReviewMeeting

MS = ReviewMeeting.Status

# Who acts on a meeting: the jury's office, the HR bureau overseeing it, the presiding chair,
# and any expert sitting on its panel.
OFFICE, BUREAU, CHAIR, EXPERT = "office", "bureau", "chair", "expert"

ROLE_REFUSALS = {
    OFFICE: _("Only the staff of this jury's office may do this."),
    BUREAU: _("Only the HR bureau overseeing this jury may do this."),
    CHAIR: _("Only the chair presiding over the meeting confirms its result."),
    EXPERT: _("Only the meeting's experts may do this."),
}


# --- guards: what a move needs beyond the state; each raises ValidationError ----------------


def _not_drawn_yet(meeting) -> None:
    if meeting.drawn_at is not None:
        raise ValidationError(
            _("The panel has already been drawn; replace experts who decline instead.")
        )


def _drawn_for_attendance(meeting) -> None:
    if meeting.drawn_at is None:
        raise ValidationError(
            _("Attendance is taken at an approved meeting, after the draw, before the ballot.")
        )


def _drawn_for_ballot(meeting) -> None:
    if meeting.drawn_at is None:
        raise ValidationError(_("Draw the panel before the ballot opens."))


def _not_published_yet(meeting) -> None:
    if ResultPublicity.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("The result has already been published."))


@dataclass(frozen=True)
class MeetingMove:
    name: str
    source: tuple[str, ...]
    target: str | None
    roles: tuple[str, ...]
    label: Promise
    refusal: Promise  # told to whoever tries the move from another state
    # guard(meeting): what the move needs beyond the state; raises ValidationError. The
    # services check the rest (quorum, dates, the roster) with what they are given.
    guard: Callable[[ReviewMeeting], None] | None = None
    recorded: bool = True  # a decision written to the audit chain


BEFORE_APPLICATION = (MS.DRAFT, MS.RETURNED)

MOVES: tuple[MeetingMove, ...] = (
    MeetingMove(
        "edit_roster",
        BEFORE_APPLICATION,
        None,
        (OFFICE,),
        _("Change the roster"),
        _("The roster can be changed only before the meeting is applied for."),
        recorded=False,
    ),
    MeetingMove(
        "apply",
        BEFORE_APPLICATION,
        MS.APPLIED,
        (OFFICE,),
        _("Apply to the HR bureau"),
        _("This meeting has already been applied for."),
    ),
    MeetingMove(
        "approve",
        (MS.APPLIED,),
        MS.APPROVED,
        (BUREAU,),
        _("Approve the meeting"),
        _("Only a meeting applied for can be approved."),
    ),
    MeetingMove(
        "return",
        (MS.APPLIED,),
        MS.RETURNED,
        (BUREAU,),
        _("Return to the office"),
        _("Only a meeting applied for can be returned."),
    ),
    MeetingMove(
        "draw",
        (MS.APPROVED,),
        None,
        (OFFICE,),
        _("Draw the panel"),
        _("The panel is drawn for an approved meeting."),
        guard=_not_drawn_yet,
    ),
    MeetingMove(
        "replace",
        (MS.APPROVED,),
        None,
        (OFFICE,),
        _("Draw a replacement"),
        _("Experts can be replaced only before the ballot opens."),
        recorded=False,
    ),
    MeetingMove(
        "recuse",
        (MS.APPROVED,),
        None,
        (OFFICE,),
        _("Recuse an expert"),
        _("Recusals are settled before the ballot opens."),
        recorded=False,
    ),
    MeetingMove(
        "take_attendance",
        (MS.APPROVED,),
        None,
        (OFFICE,),
        _("Take the roll call"),
        _("Attendance is taken at an approved meeting, after the draw, before the ballot."),
        guard=_drawn_for_attendance,
        recorded=False,
    ),
    MeetingMove(
        "sign_commitment",
        (MS.APPROVED,),
        None,
        (EXPERT,),
        _("Sign the commitment"),
        _("The meeting is no longer taking commitments."),
        recorded=False,
    ),
    MeetingMove(
        "decline",
        (MS.APPROVED,),
        None,
        (EXPERT, OFFICE),
        _("Decline"),
        _("Seats can be declined only before the ballot opens."),
        recorded=False,
    ),
    MeetingMove(
        "declare_interest",
        (MS.APPROVED,),
        None,
        (EXPERT,),
        _("Declare an interest"),
        _("Interests must be declared before the ballot opens."),
        recorded=False,
    ),
    MeetingMove(
        "assess",
        (MS.APPROVED,),
        None,
        (EXPERT,),
        _("Assess"),
        _("Assessments are closed once the ballot opens."),
        recorded=False,
    ),
    MeetingMove(
        "open_ballot",
        (MS.APPROVED,),
        MS.BALLOT_OPEN,
        (OFFICE,),
        _("Open the ballot"),
        _("The ballot opens at an approved meeting that has not voted yet."),
        guard=_drawn_for_ballot,
    ),
    MeetingMove(
        "vote",
        (MS.BALLOT_OPEN,),
        None,
        (EXPERT,),
        _("Vote"),
        _("The ballot is not open: votes are taken only while it is open."),
        recorded=False,
    ),
    MeetingMove(
        "close_ballot",
        (MS.BALLOT_OPEN,),
        MS.BALLOT_CLOSED,
        (OFFICE,),
        _("Close the ballot and tally"),
        _("The ballot is not open."),
    ),
    MeetingMove(
        "confirm",
        (MS.BALLOT_CLOSED,),
        MS.CONFIRMED,
        (CHAIR,),
        _("Confirm and sign the result"),
        _("The result is confirmed once the ballot has closed."),
    ),
    MeetingMove(
        "publish",
        (MS.CONFIRMED,),
        None,
        (OFFICE,),
        _("Publish the passed list"),
        _("Publish the result once the chair has confirmed it."),
        guard=_not_published_yet,
    ),
)

MOVES_BY_NAME = {move.name: move for move in MOVES}

# How each state shows on a badge: settled (success), refused (danger), awaiting someone
# outside the office (warning); the rest are steps of the office's own work (info).
STATE_TONES = {
    MS.APPROVED: "success",
    MS.CONFIRMED: "success",
    MS.RETURNED: "danger",
    MS.APPLIED: "warning",
    MS.BALLOT_OPEN: "warning",
}


def state_tone(status: str) -> str:
    return STATE_TONES.get(status, "info")


def meeting_move(name: str) -> MeetingMove:
    return MOVES_BY_NAME[name]


def states_allowing(name: str) -> tuple[str, ...]:
    """The states from which the named move can be made, for queries."""
    return meeting_move(name).source


def allows(meeting, name: str) -> bool:
    """Whether the meeting's state allows the named move, whoever asks."""
    return meeting.status in meeting_move(name).source


# --- who ----------------------------------------------------------------------------------


def _acting_as(meeting, role: str, actor):
    """(role, organization) for the audit record when `actor` holds `role` on the meeting,
    else None."""
    if actor is None or not actor.is_authenticated:
        return None
    jury = meeting.jury
    if role == OFFICE and permissions.is_office_staff(actor, jury):
        return Role.JURY_OFFICE, jury.office
    if role == BUREAU:
        membership = permissions.overseeing_membership(actor, jury)
        if membership is not None:
            return Role.HR_BUREAU, membership.organization
    if role == CHAIR and permissions.presides(actor, meeting):
        return Role.EXPERT, jury.office
    if role == EXPERT and permissions.sits_on(actor, meeting):
        return Role.EXPERT, jury.office
    return None


def _authorize(meeting, move: MeetingMove, actor):
    for role in move.roles:
        acting = _acting_as(meeting, role, actor)
        if acting is not None:
            return acting
    raise PermissionDenied(ROLE_REFUSALS[move.roles[0]])


def require_meeting_move(
    meeting, name: str, actor=None, *, authorize: bool = True, guard: bool = True
):
    """Refuse (PermissionDenied, then ValidationError) unless `actor` may make the named move
    from the meeting's state and its guard lets it. Returns (role, organization) the actor
    acts in."""
    move = meeting_move(name)
    acting = _authorize(meeting, move, actor) if authorize else None
    if meeting.status not in move.source:
        raise ValidationError(move.refusal)
    if guard and move.guard is not None:
        move.guard(meeting)
    return acting


class OpenMoves(frozenset):
    """The names of the moves open to a reader; views and templates ask `moves.draw`."""

    def __getitem__(self, name):
        return name in self

    def __getattr__(self, name):
        if name.startswith("__") or name not in MOVES_BY_NAME:
            raise AttributeError(name)
        return name in self


def open_meeting_moves(meeting, user=None) -> OpenMoves:
    """The moves the user may make on the meeting now (the services may still refuse on what
    they are given); with no user, the moves the meeting's state leaves open to anyone."""
    held = {}

    def holds(role) -> bool:
        if role not in held:
            held[role] = _acting_as(meeting, role, user) is not None
        return held[role]

    open_now = []
    for move in MOVES:
        if meeting.status not in move.source:
            continue
        if move.guard is not None:
            try:
                move.guard(meeting)
            except ValidationError:
                continue
        if user is not None and not any(holds(role) for role in move.roles):
            continue
        open_now.append(move.name)
    return OpenMoves(open_now)


# --- the one writer -----------------------------------------------------------------------


def perform_meeting_move(
    meeting,
    name: str,
    *,
    actor,
    reason: str = "",
    changes: Mapping | None = None,
    payload: Mapping | None = None,
    acting: tuple | None = None,
) -> ReviewMeeting:
    """Make the named move: check who and the state, write the target state and `changes`
    (the move's own fields, e.g. decided_by), and record the decision in the audit chain.
    The caller holds the meeting locked in its transaction and has done the move's work;
    `acting` is what `require_meeting_move` answered it, when it asked already."""
    move = meeting_move(name)
    if acting is None:
        # The guard was the service's to check before it did the move's work.
        acting = require_meeting_move(meeting, name, actor, guard=False)
    elif meeting.status not in move.source:
        raise ValidationError(move.refusal)
    role, organization = acting
    # Part of the caller's transaction: a failure here undoes the move's work too.
    with transaction.atomic(savepoint=False):
        from_state = meeting.status
        fields = list(changes or {})
        for field_name, value in (changes or {}).items():
            setattr(meeting, field_name, value)
        if move.target is not None:
            meeting.status = move.target
            fields.append("status")
        if fields:
            meeting.save(update_fields=fields)
        if move.recorded:
            append_audit_record(
                action=f"meeting.{name}",
                actor=actor,
                role=role,
                organization=organization,
                subject=meeting,
                from_state=from_state,
                to_state=meeting.status,
                reason=(reason or "").strip(),
                payload=dict(payload or {}),
            )
    return meeting
