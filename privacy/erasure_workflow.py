"""The erasure request's state table: `perform_erasure_move` is the only code that writes
`ErasureRequest.status`; inside one transaction it checks who acts and from which state,
writes the new state, and appends the decision to the audit chain (the decision, never the
erased data)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.services import append_audit_record
from privacy import permissions
from privacy.models import ErasureRequest

ES = ErasureRequest.Status
PERSON, BUREAU = "person", "bureau"


@dataclass(frozen=True)
class ErasureMove:
    name: str
    source: tuple[str, ...]
    targets: tuple[str, ...]
    by: str
    refusal: Promise


MOVES = {
    move.name: move
    for move in (
        ErasureMove(
            "erase",
            (ES.REQUESTED,),
            (ES.ERASED, ES.PARTLY_ERASED),
            BUREAU,
            _("This request has already been decided."),
        ),
        ErasureMove(
            "refuse",
            (ES.REQUESTED,),
            (ES.REFUSED,),
            BUREAU,
            _("This request has already been decided."),
        ),
        ErasureMove(
            "withdraw",
            (ES.REQUESTED,),
            (ES.WITHDRAWN,),
            PERSON,
            _("Only a request still awaiting a decision can be withdrawn."),
        ),
    )
}


def open_moves(erasure: ErasureRequest, user) -> list[str]:
    return [
        name
        for name, move in MOVES.items()
        if erasure.status in move.source and _may(move, erasure, user)
    ]


def _may(move: ErasureMove, erasure: ErasureRequest, user) -> bool:
    if move.by == PERSON:
        return erasure.person_id == user.pk
    return permissions.may_decide_erasure(user, erasure.person)


@transaction.atomic
def perform_erasure_move(
    *, erasure: ErasureRequest, move: str, actor, target: str, reason: str = "", outcome=None
) -> ErasureRequest:
    rule = MOVES[move]
    erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
    if not _may(rule, erasure, actor):
        raise PermissionDenied(_("You may not decide this request."))
    if erasure.status not in rule.source:
        raise ValidationError(rule.refusal)
    if target not in rule.targets:
        raise ValueError(f"{move} cannot lead to {target}")
    previous = erasure.status
    erasure.status = target
    if rule.by == BUREAU:
        erasure.decided_by = actor
        erasure.decided_at = timezone.now()
        erasure.decision_note = reason
    if outcome is not None:
        erasure.outcome = outcome
    erasure.save()
    append_audit_record(
        action=f"erasure_{move}",
        actor=actor,
        subject=erasure,
        from_state=previous,
        to_state=target,
        reason=reason,
        payload={"outcome": outcome} if outcome else {},
    )
    return erasure
