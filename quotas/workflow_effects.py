"""How declarations take and give back quota places as they move (applicants/workflow.py):
recommending takes one place of the institution's pool, inside the move's transaction, so a
refused place refuses the recommendation; returning, withdrawing, rejecting or missing the
correction deadline gives it back. Other moves keep the place: a declaration that went on to
review used its unit's quota for the year, whatever the jury decided."""

from applicants.moves import Hold, move_readiness
from applicants.workflow import transition_effect
from quotas.selectors import active_reservation, live_quota, places_taken, pool_of
from quotas.services import _refusal, release_place, reserve_place

RELEASING_TRANSITIONS = ("return", "withdraw", "reject", "deem_withdrawn")


@transition_effect("recommend")
def take_quota_place(declaration, transition, actor):
    reserve_place(declaration, actor=actor)


@transition_effect(*RELEASING_TRANSITIONS)
def give_back_quota_place(declaration, transition, actor):
    release_place(declaration, actor=actor, reason=transition.name)


@move_readiness("recommend")
def quota_place_left(declaration, actor, today):
    """The page offers "recommend" only while `take_quota_place` would find a place."""
    pool = pool_of(declaration)
    if pool is None or active_reservation(declaration) is not None:
        return None
    result = live_quota(pool)
    taken = places_taken(pool, excluding_declaration=declaration.pk)
    if result.is_open and taken < result.places:
        return None
    return Hold(_refusal(pool, result, taken))
