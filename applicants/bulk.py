"""Moves people make by the dozen, made on many declarations from the list: the unit's HR
staff start the unit publicity and recommend, the jury office starts the qualification
check and qualifies.

A preview says of each chosen declaration whether it will move or why not, asking the same
state table, role check and guard the move itself runs (applicants/workflow.py). Confirmed,
each declaration is moved by the workflow's one function, on its own: one refused does not
hold back the others, and each result (moved, or refused with the reason in the reader's
language) is reported. A selection above BULK_MOVE_BACKGROUND_THRESHOLD runs as a background
job (applicants/jobs.py) whose page shows its progress and then the same results.

A stage plugged into the declaration adds its own move of many with `register_bulk_move`: the
jury office puts declarations on a meeting's roster, in review groups (juries/bulk_roster.py).
Such a move has a target chosen on the list (the meeting), its own preview and its own move of
one declaration, and reports the same way."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Role
from applicants.models import Declaration
from applicants.moves import moves_for as moves_for_declaration
from applicants.permissions import (
    acting_memberships,
    acting_refusal,
    active_memberships,
    declarations_for_membership,
)
from applicants.selectors import DETAIL_RELATED
from applicants.workflow import SYSTEM, find_transition, perform_transition
from core.per_item import refusal_text
from jobs.progress import SILENT

MOVED, REFUSED = "moved", "refused"


@dataclass(frozen=True)
class StageMove:
    """What a move of many that is not a workflow transition brings.

    targets(membership) -> [(value, label)]: what the acting role may move declarations to;
    target(membership, value) -> the target, or None when it is not among them;
    preview(declarations, target, actor) -> {pk: (refusal or "", what will happen)};
    perform(declaration, target, actor) -> what happened; raises ValidationError or
    PermissionDenied to refuse."""

    target_label: str  # lazily translated
    missing_target: str  # lazily translated: said when none was chosen
    targets: Callable
    target: Callable
    preview: Callable
    perform: Callable


@dataclass(frozen=True)
class BulkMove:
    name: str  # the workflow's transition, or the stage's own name
    role: str  # the acting role that makes it
    label: str  # lazily translated
    needs_commitment: bool = False
    asks_contact: bool = False  # whom to reach with an objection (a publicity)
    stage: StageMove | None = None


BULK_MOVES = {
    move.name: move
    for move in (
        BulkMove(
            "start_publicity",
            Role.EMPLOYER_HR,
            gettext_lazy("Start the unit publicity"),
            asks_contact=True,
        ),
        BulkMove("recommend", Role.EMPLOYER_HR, gettext_lazy("Recommend"), needs_commitment=True),
        BulkMove("start_check", Role.JURY_OFFICE, gettext_lazy("Start the qualification check")),
        BulkMove("qualify", Role.JURY_OFFICE, gettext_lazy("Pass the qualification check")),
    )
}


def register_bulk_move(move: BulkMove) -> BulkMove:
    """Offer a stage's move of many on the declaration list."""
    BULK_MOVES[move.name] = move
    return move


def background_threshold() -> int:
    return settings.BULK_MOVE_BACKGROUND_THRESHOLD


def moves_for(membership: Membership | None) -> list[BulkMove]:
    """The moves of many the acting role makes."""
    if membership is None:
        return []
    return [move for move in BULK_MOVES.values() if move.role == membership.role]


def target_of(move: BulkMove, membership: Membership, value):
    """The target chosen for a stage's move (None for a workflow move); 404 when the acting
    role may not move declarations to it."""
    if move.stage is None:
        return None
    target = move.stage.target(membership, value) if value else None
    if target is None:
        raise Http404
    return target


def move_for(membership: Membership | None, name: str) -> BulkMove:
    """The named move, when the acting role makes it; 404 otherwise."""
    for move in moves_for(membership):
        if move.name == name:
            return move
    raise Http404


def chosen_declarations(membership: Membership, ids) -> list[Declaration]:
    """The declarations with the given ids, in that order, when the acting role sees every
    one of them; 404 otherwise."""
    ids = list(dict.fromkeys(ids))
    found = {
        declaration.pk: declaration
        for declaration in declarations_for_membership(membership)
        .select_related(*DETAIL_RELATED)
        .filter(pk__in=ids)
    }
    if len(found) != len(ids):
        raise Http404
    return [found[pk] for pk in ids]


def _data(move: BulkMove, commitment: bool, contact: str = "") -> dict:
    data = {"commitment": commitment} if move.needs_commitment else {}
    if move.asks_contact:
        data["contact"] = contact
    return data


@dataclass
class Outcome:
    declaration_id: int
    declaration: str
    outcome: str  # MOVED or REFUSED
    reason: str = ""
    status: str = ""  # the state it was in, as a label
    detail: str = ""  # where a stage's move puts it ("review group: …")

    def as_json(self) -> dict:
        return {
            "id": self.declaration_id,
            "declaration": self.declaration,
            "outcome": self.outcome,
            "reason": self.reason,
            "status": self.status,
            "detail": self.detail,
        }


def preview(declarations, move: BulkMove, actor, target=None) -> list[Outcome]:
    """What confirming the move would do to each declaration now: MOVED when its state, the
    actor's role on it, what holds the move back now (applicants/moves.py: the calendar,
    objections, findings, a quota place) and the move's own guard allow it; REFUSED with
    the reason otherwise."""
    if move.stage is not None:
        found = move.stage.preview(declarations, target, actor)
        return [
            Outcome(
                declaration.pk,
                str(declaration),
                REFUSED if found[declaration.pk][0] else MOVED,
                found[declaration.pk][0],
                str(declaration.get_status_display()),
                found[declaration.pk][1],
            )
            for declaration in declarations
        ]
    memberships = active_memberships(actor)
    refusals = {}
    in_state = []
    for declaration in declarations:
        try:
            in_state.append((declaration, find_transition(move.name, declaration.status)))
        except ValidationError as error:
            refusals[declaration.pk] = refusal_text(error)
    by_transition = {}
    for declaration, transition in in_state:
        by_transition.setdefault(transition, []).append(declaration)
    for transition, group in by_transition.items():
        roles = [role for role in transition.roles if role != SYSTEM]
        acting = acting_memberships(group, actor, roles, memberships)
        checked = replace(transition, data=_data(move, commitment=True))
        for declaration in group:
            if declaration.pk not in acting:
                refusals[declaration.pk] = refusal_text(acting_refusal(roles, transition.label))
            elif hold := _held_back(declaration, move, actor):
                refusals[declaration.pk] = hold
            elif transition.guard is not None:
                try:
                    transition.guard(declaration, checked, actor)
                except ValidationError as error:
                    refusals[declaration.pk] = refusal_text(error)
    return [
        Outcome(
            declaration.pk,
            str(declaration),
            REFUSED if declaration.pk in refusals else MOVED,
            refusals.get(declaration.pk, ""),
            str(declaration.get_status_display()),
        )
        for declaration in declarations
    ]


def _held_back(declaration, move: BulkMove, actor) -> str:
    """Why the move is held back now, as the declaration's page says it; "" when it is not."""
    for blocked in moves_for_declaration(declaration, actor).blocked:
        if blocked.name == move.name:
            return blocked.reason
    return ""


def perform(
    declarations,
    move: BulkMove,
    *,
    actor,
    reason: str = "",
    commitment=False,
    contact: str = "",
    target=None,
    progress=SILENT,
) -> list[Outcome]:
    """Move each declaration by the workflow's one function (or the stage's own), each in
    its own transaction; a refusal is reported for that declaration and the others go on."""
    progress.set_total(len(declarations))
    outcomes = []
    for declaration in declarations:
        status = str(declaration.get_status_display())
        detail = ""
        try:
            if move.stage is not None:
                detail = move.stage.perform(declaration, target, actor)
            else:
                perform_transition(
                    declaration,
                    move.name,
                    actor=actor,
                    reason=reason,
                    **_data(move, commitment, contact),
                )
        except (ValidationError, PermissionDenied) as error:
            outcomes.append(
                Outcome(declaration.pk, str(declaration), REFUSED, refusal_text(error), status)
            )
        else:
            outcomes.append(Outcome(declaration.pk, str(declaration), MOVED, "", status, detail))
        progress.advance()
    return outcomes


def summary(outcomes) -> dict:
    """The results as a job or the results page keeps them."""
    items = [outcome.as_json() if isinstance(outcome, Outcome) else outcome for outcome in outcomes]
    return {
        "moved": sum(item["outcome"] == MOVED for item in items),
        "refused": sum(item["outcome"] == REFUSED for item in items),
        "items": items,
    }
