"""How declarations take and give back quota places as they move (applicants/workflow.py):
recommending takes one place of the institution's pool, inside the move's transaction, so a
refused place refuses the recommendation; returning, withdrawing, rejecting or missing the
correction deadline gives it back. Other moves keep the place: a declaration that went on to
review used its unit's quota for the year, whatever the jury decided."""

from applicants.workflow import transition_effect
from quotas.services import release_place, reserve_place

RELEASING_TRANSITIONS = ("return", "withdraw", "reject", "deem_withdrawn")


@transition_effect("recommend")
def take_quota_place(declaration, transition, actor):
    reserve_place(declaration, actor=actor)


@transition_effect(*RELEASING_TRANSITIONS)
def give_back_quota_place(declaration, transition, actor):
    release_place(declaration, actor=actor, reason=transition.name)
