"""The moves a person can make on a declaration now, and the ones that are theirs but held
back by the calendar or the state of things, each with why and, when the calendar decides,
the day it opens. The declaration's page offers the first and explains the second; the API's
`available_actions` and `blocked_actions` read the same answer, so a client and the page
never disagree.

A readiness check mirrors what a move's guard (applicants/workflow.py) or effect refuses
whatever the person types: a publicity still running, a correction notice already sent, a
deadline passed, blocking findings. What the form asks for (the pledge, the items of a
notice) is checked when it is posted. Other apps register the checks of their own effects
with `@move_readiness("recommend")` (quotas/workflow_effects.py)."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applicants import workflow
from applicants.eligibility import blocking_findings
from applicants.models import Declaration
from applicants.transition_rules import current_correction_notice
from titles.models import EvaluationPlan
from titles.working_days import UnknownCalendarYear, publicity_window

S = Declaration.Status


@dataclass(frozen=True)
class Hold:
    """Why a move cannot be made now; `opens_on`, the day it can, when the calendar decides."""

    reason: str
    opens_on: date | None = None


@dataclass(frozen=True)
class BlockedMove:
    name: str
    label: str
    reason: str
    opens_on: date | None = None


@dataclass(frozen=True)
class Moves:
    available: tuple  # of workflow.Transition
    blocked: tuple[BlockedMove, ...]

    @property
    def available_names(self) -> list[str]:
        return [transition.name for transition in self.available]


_CHECKS: dict[str, list[Callable]] = defaultdict(list)


def move_readiness(*names):
    """Register `check(declaration, actor, today) -> Hold | None` for the named moves."""

    def register(check):
        for name in names:
            if check not in _CHECKS[name]:
                _CHECKS[name].append(check)
        return check

    return register


def moves_for(declaration, actor) -> Moves:
    """The moves `actor` may make on `declaration` now, and those held back, with why."""
    today = workflow.today()
    available, blocked = [], []
    for transition in workflow.available_transitions(declaration, actor):
        hold = next(
            (
                found
                for check in _CHECKS[transition.name]
                if (found := check(declaration, actor, today)) is not None
            ),
            None,
        )
        if hold is None:
            available.append(transition)
        else:
            blocked.append(
                BlockedMove(transition.name, str(transition.label), hold.reason, hold.opens_on)
            )
    return Moves(tuple(available), tuple(blocked))


# --- the declaration's own checks ---------------------------------------------------------


def _blocking(declaration) -> Hold | None:
    count = len(blocking_findings(declaration))
    if not count:
        return None
    return Hold(
        ngettext(
            "%(count)d blocking finding must be solved first (see the eligibility findings).",
            "%(count)d blocking findings must be solved first (see the eligibility findings).",
            count,
        )
        % {"count": count}
    )


@move_readiness("submit")
def _plan_takes_declarations(declaration, actor, today) -> Hold | None:
    plan = declaration.plan
    if plan.status == EvaluationPlan.Status.OPEN:
        return None
    if plan.status == EvaluationPlan.Status.DRAFT and plan.declaration_opens > today:
        return Hold(
            _("The plan “%(plan)s” opens for declarations on %(date)s.")
            % {"plan": plan, "date": date_format(plan.declaration_opens)},
            plan.declaration_opens,
        )
    return Hold(_("The plan “%(plan)s” is not open for declarations.") % {"plan": plan})


@move_readiness("submit", "resubmit", "qualify")
def _no_blocking_findings(declaration, actor, today) -> Hold | None:
    return _blocking(declaration)


@move_readiness("resubmit")
def _before_correction_deadline(declaration, actor, today) -> Hold | None:
    notice = current_correction_notice(declaration)
    if notice is not None and today > notice.deadline:
        return Hold(
            _("The correction deadline (%(date)s) has passed.")
            % {"date": date_format(notice.deadline)}
        )
    return None


@move_readiness("start_publicity")
def _publicity_window_known(declaration, actor, today) -> Hold | None:
    try:
        publicity_window(today, declaration.plan.unit_publicity_working_days)
    except (UnknownCalendarYear, ValidationError) as error:
        return Hold(" ".join(error.messages))
    return None


@move_readiness("recommend")
def _unit_publicity_over(declaration, actor, today) -> Hold | None:
    publicity = workflow.current_publicity(declaration)
    if publicity is None:
        return Hold(_("The unit publicity has not been held."))
    if today <= publicity.ends_on:
        opens_on = publicity.ends_on + timedelta(days=1)
        return Hold(
            _(
                "The unit publicity runs until %(end)s: recommending opens on %(date)s, "
                "after it ends."
            )
            % {"end": date_format(publicity.ends_on), "date": date_format(opens_on)},
            opens_on,
        )
    objections = list(publicity.objections.all())
    if any(not objection.is_resolved for objection in objections):
        return Hold(_("Resolve every objection raised during the unit publicity first."))
    if any(objection.upheld for objection in objections):
        return Hold(
            _("An objection to this declaration was upheld: return it instead of recommending it.")
        )
    return None


@move_readiness("request_correction")
def _one_notice_only(declaration, actor, today) -> Hold | None:
    if declaration.correction_notices.exists():
        return Hold(
            _(
                "The one-time correction notice (一次性告知) was already sent: pass or reject "
                "the declaration now."
            )
        )
    return None


@move_readiness("deem_withdrawn")
def _correction_deadline_passed(declaration, actor, today) -> Hold | None:
    if workflow.correction_overdue(declaration):
        return None
    notice = current_correction_notice(declaration)
    if notice is None:
        return Hold(_("No correction notice was sent."))
    opens_on = notice.deadline + timedelta(days=1)
    return Hold(
        _(
            "The applicant may correct until %(end)s: the declaration can be deemed withdrawn "
            "from %(date)s."
        )
        % {"end": date_format(notice.deadline), "date": date_format(opens_on)},
        opens_on,
    )
