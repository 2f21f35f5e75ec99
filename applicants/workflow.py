"""The declaration's one state machine. `TRANSITIONS` is the table: every move names its
source states, its target, the roles allowed to make it, its guard and its own effect.
`perform_transition` is the only code that writes `Declaration.status`: inside one
transaction it locks the declaration, checks the role on the organization tree, runs the
guard and the effects, changes the state, appends the audit record and stores the messages
(e-mailed once the transaction commits).

Other apps hook into moves with `@transition_effect("recommend", ...)`: quota reservations,
jury assignments and the like, without editing this table."""

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from applicants.audit import append_audit_record
from applicants.eligibility import blocking_findings
from applicants.models import CorrectionNotice, Declaration, FormSection, UnitPublicity
from applicants.permissions import acting_membership, active_memberships, needs_department_review
from titles.models import EvaluationPlan
from titles.working_days import add_working_days

S = Declaration.Status
SYSTEM = "system"  # the role of a scheduled task acting without a user


@dataclass(frozen=True, eq=False)
class Transition:
    name: str
    source: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    label: str
    guard: Callable | None = None  # guard(declaration, transition, actor); raises ValidationError
    effect: Callable | None = (
        None  # effect(declaration, transition, actor), before the state changes
    )
    route: Callable | None = None  # route(declaration) -> target, where the target depends on it
    reason_required: bool = False
    # Filled in for one performance of the move.
    reason: str = ""
    data: Mapping = field(default_factory=dict)


class TransitionRefused(ValidationError):
    """The move does not exist from the declaration's current state."""


_EFFECTS: dict[str | None, list[Callable]] = defaultdict(list)


def transition_effect(*names):
    """Register `func(declaration, transition, actor)` for the named transitions (all of them
    when no name is given). It runs inside the move's transaction after the guard passed and
    before the new state is saved; a ValidationError it raises cancels the whole move."""

    def register(func):
        for name in names or (None,):
            if func not in _EFFECTS[name]:
                _EFFECTS[name].append(func)
        return func

    return register


def today() -> date:
    return timezone.localdate()


# --- guards -------------------------------------------------------------------------------


def _require_pledge(declaration, transition, actor):
    if transition.data.get("pledge") is not True:
        raise ValidationError(
            {
                "pledge": _(
                    "Sign the authenticity pledge: the declaration and its materials are true."
                )
            }
        )


def _require_no_blocking_findings(declaration, transition, actor):
    blocking = blocking_findings(declaration)
    if blocking:
        raise ValidationError([finding.message for finding in blocking])


def _guard_submit(declaration, transition, actor):
    _require_pledge(declaration, transition, actor)
    plan = declaration.plan
    if plan.status != EvaluationPlan.Status.OPEN:
        raise ValidationError(
            _("The plan “%(plan)s” is not open for declarations.") % {"plan": plan}
        )
    if not plan.titles.filter(pk=declaration.title_id).exists():
        raise ValidationError(
            _("The plan “%(plan)s” does not evaluate %(title)s.")
            % {"plan": plan, "title": declaration.title}
        )
    _require_no_blocking_findings(declaration, transition, actor)


def current_publicity(declaration) -> UnitPublicity | None:
    return declaration.publicities.order_by("-started_at", "-pk").first()


def _guard_recommend(declaration, transition, actor):
    if transition.data.get("commitment") is not True:
        raise ValidationError(
            {
                "commitment": _(
                    "Confirm the unit's commitment that the materials were checked and are true."
                )
            }
        )
    publicity = current_publicity(declaration)
    if publicity is None:
        raise ValidationError(_("The unit publicity has not been held."))
    if today() <= publicity.ends_on:
        raise ValidationError(
            _("The unit publicity runs until %(date)s: recommend after it ends.")
            % {"date": date_format(publicity.ends_on)}
        )
    objections = list(publicity.objections.all())
    if any(not objection.is_resolved for objection in objections):
        raise ValidationError(_("Resolve every objection raised during the unit publicity first."))
    if any(objection.upheld for objection in objections):
        raise ValidationError(
            _("An objection to this declaration was upheld: return it instead of recommending it.")
        )


def clean_items(items) -> list[dict]:
    """Return and correction items: each names a form section and the problem in it."""
    cleaned = []
    for item in items or ():
        section = (item.get("section") or "").strip() if isinstance(item, Mapping) else ""
        problem = (item.get("problem") or "").strip() if isinstance(item, Mapping) else ""
        if section not in FormSection.values or not problem:
            raise ValidationError(
                {
                    "items": _(
                        "Each item needs a section of the form and a description of the problem."
                    )
                }
            )
        cleaned.append({"section": section, "problem": problem})
    return cleaned


def _guard_return(declaration, transition, actor):
    clean_items(transition.data.get("items"))


def _guard_request_correction(declaration, transition, actor):
    if not clean_items(transition.data.get("items")):
        raise ValidationError({"items": _("List every problem that needs correcting, at once.")})
    deadline = transition.data.get("deadline")
    if not isinstance(deadline, date):
        raise ValidationError({"deadline": _("Give the date by which the applicant must correct.")})
    if deadline <= today():
        raise ValidationError({"deadline": _("The correction deadline must be a later date.")})
    if declaration.correction_notices.exists():
        raise ValidationError(
            _(
                "A correction was already requested once: all problems must be listed in that one "
                "notice. Pass or reject the declaration now."
            )
        )


def current_correction_notice(declaration) -> CorrectionNotice | None:
    return declaration.correction_notices.order_by("-issued_at", "-pk").first()


def _guard_resubmit(declaration, transition, actor):
    _require_pledge(declaration, transition, actor)
    notice = current_correction_notice(declaration)
    if notice is not None and today() > notice.deadline:
        raise ValidationError(
            _("The correction deadline (%(date)s) has passed.")
            % {"date": date_format(notice.deadline)}
        )
    _require_no_blocking_findings(declaration, transition, actor)


def _guard_deem_withdrawn(declaration, transition, actor):
    notice = current_correction_notice(declaration)
    if notice is None or today() <= notice.deadline:
        raise ValidationError(_("The correction deadline has not passed yet."))


# --- effects ------------------------------------------------------------------------------


def _sign_pledge(declaration, transition, actor):
    now = timezone.now()
    declaration.pledge_signed_at = now
    declaration.submitted_at = now


def _open_unit_publicity(declaration, transition, actor):
    days = declaration.plan.unit_publicity_working_days
    starts_on = today()
    UnitPublicity.objects.create(
        declaration=declaration,
        starts_on=starts_on,
        ends_on=add_working_days(starts_on, days),
        working_days=days,
        started_by=actor,
    )


def _record_unit_commitment(declaration, transition, actor):
    now = timezone.now()
    declaration.unit_commitment_at = now
    declaration.unit_commitment_by = actor
    declaration.recommended_at = now
    if transition.target == S.RECOMMENDED:
        _forward_to_office(declaration, transition, actor)


def _forward_to_office(declaration, transition, actor):
    declaration.forwarded_to_office_at = declaration.forwarded_to_office_at or timezone.now()


def _issue_correction_notice(declaration, transition, actor):
    CorrectionNotice.objects.create(
        declaration=declaration,
        items=clean_items(transition.data.get("items")),
        deadline=transition.data["deadline"],
        issued_by=actor,
    )


def _record_resubmission(declaration, transition, actor):
    now = timezone.now()
    declaration.pledge_signed_at = now
    notice = current_correction_notice(declaration)
    if notice is not None:
        notice.resubmitted_at = now
        notice.save(update_fields=["resubmitted_at"])


def _route_recommendation(declaration) -> str:
    return S.DEPARTMENT_REVIEW if needs_department_review(declaration) else S.RECOMMENDED


# --- the table ----------------------------------------------------------------------------

APPLICANT, UNIT = Role.APPLICANT, Role.EMPLOYER_HR
DEPARTMENT, OFFICE, BUREAU = Role.DEPARTMENT_REVIEWER, Role.JURY_OFFICE, Role.HR_BUREAU
WITHDRAWABLE = (
    S.DRAFT,
    S.SUBMITTED,
    S.IN_UNIT_PUBLICITY,
    S.RETURNED,
    S.DEPARTMENT_REVIEW,
    S.RECOMMENDED,
    S.QUALIFICATION_CHECK,
    S.CORRECTION_REQUESTED,
)

TRANSITIONS: tuple[Transition, ...] = (
    # Stage 1: the applicant.
    Transition(
        "submit",
        (S.DRAFT, S.RETURNED),
        S.SUBMITTED,
        (APPLICANT,),
        gettext_lazy("Submit to the unit"),
        guard=_guard_submit,
        effect=_sign_pledge,
    ),
    Transition("withdraw", WITHDRAWABLE, S.WITHDRAWN, (APPLICANT,), gettext_lazy("Withdraw")),
    # Stage 2: the unit.
    Transition(
        "start_publicity",
        (S.SUBMITTED,),
        S.IN_UNIT_PUBLICITY,
        (UNIT,),
        gettext_lazy("Start the unit publicity"),
        effect=_open_unit_publicity,
    ),
    Transition(
        "recommend",
        (S.IN_UNIT_PUBLICITY,),
        S.RECOMMENDED,
        (UNIT,),
        gettext_lazy("Recommend"),
        guard=_guard_recommend,
        effect=_record_unit_commitment,
        route=_route_recommendation,
    ),
    Transition(
        "return",
        (S.SUBMITTED, S.IN_UNIT_PUBLICITY),
        S.RETURNED,
        (UNIT,),
        gettext_lazy("Return to the applicant"),
        guard=_guard_return,
        reason_required=True,
    ),
    # Stage 3: the competent department, for units under one.
    Transition(
        "department_approve",
        (S.DEPARTMENT_REVIEW,),
        S.RECOMMENDED,
        (DEPARTMENT,),
        gettext_lazy("Approve and forward to the jury office"),
        effect=_forward_to_office,
    ),
    Transition(
        "return",
        (S.DEPARTMENT_REVIEW,),
        S.RETURNED,
        (DEPARTMENT,),
        gettext_lazy("Return to the applicant"),
        guard=_guard_return,
        reason_required=True,
    ),
    # Stage 4: the jury office's qualification check.
    Transition(
        "start_check",
        (S.RECOMMENDED,),
        S.QUALIFICATION_CHECK,
        (OFFICE,),
        gettext_lazy("Start the qualification check"),
    ),
    Transition(
        "qualify",
        (S.RECOMMENDED, S.QUALIFICATION_CHECK),
        S.QUALIFIED,
        (OFFICE,),
        gettext_lazy("Pass the qualification check"),
        guard=_require_no_blocking_findings,
    ),
    Transition(
        "reject",
        (S.RECOMMENDED, S.QUALIFICATION_CHECK),
        S.REJECTED,
        (OFFICE,),
        gettext_lazy("Reject"),
        reason_required=True,
    ),
    Transition(
        "request_correction",
        (S.RECOMMENDED, S.QUALIFICATION_CHECK),
        S.CORRECTION_REQUESTED,
        (OFFICE,),
        gettext_lazy("Request correction"),
        guard=_guard_request_correction,
        effect=_issue_correction_notice,
    ),
    Transition(
        "resubmit",
        (S.CORRECTION_REQUESTED,),
        S.QUALIFICATION_CHECK,
        (APPLICANT,),
        gettext_lazy("Resubmit the corrected declaration"),
        guard=_guard_resubmit,
        effect=_record_resubmission,
    ),
    Transition(
        "deem_withdrawn",
        (S.CORRECTION_REQUESTED,),
        S.DEEMED_WITHDRAWN,
        (SYSTEM,),
        gettext_lazy("Deem withdrawn: correction deadline missed"),
        guard=_guard_deem_withdrawn,
    ),
    # Stages 5-9, moved by juries/ and certificates/.
    Transition(
        "start_review",
        (S.QUALIFIED,),
        S.IN_REVIEW,
        (OFFICE, SYSTEM),
        gettext_lazy("Start the jury review"),
    ),
    Transition("pass", (S.IN_REVIEW,), S.PASSED, (OFFICE, SYSTEM), gettext_lazy("Pass")),
    Transition("fail", (S.IN_REVIEW,), S.FAILED, (OFFICE, SYSTEM), gettext_lazy("Fail")),
    Transition(
        "start_result_publicity",
        (S.PASSED,),
        S.IN_RESULT_PUBLICITY,
        (OFFICE, SYSTEM),
        gettext_lazy("Publish the result"),
    ),
    Transition(
        "uphold_objection",
        (S.IN_RESULT_PUBLICITY,),
        S.FAILED,
        (OFFICE,),
        gettext_lazy("Uphold an objection"),
        reason_required=True,
    ),
    Transition(
        "file",
        (S.IN_RESULT_PUBLICITY,),
        S.FILED,
        (BUREAU, SYSTEM),
        gettext_lazy("Approve the filing"),
    ),
    Transition(
        "certify", (S.FILED,), S.CERTIFIED, (BUREAU, SYSTEM), gettext_lazy("Issue the certificate")
    ),
    Transition(
        "revoke",
        (S.FILED, S.CERTIFIED),
        S.REVOKED,
        (BUREAU,),
        gettext_lazy("Revoke the qualification"),
        reason_required=True,
    ),
)

TRANSITION_NAMES = tuple(dict.fromkeys(transition.name for transition in TRANSITIONS))


def find_transition(name: str, status: str) -> Transition:
    if name not in TRANSITION_NAMES:
        raise TransitionRefused(_("Unknown action “%(action)s”.") % {"action": name})
    for transition in TRANSITIONS:
        if transition.name == name and status in transition.source:
            return transition
    label = next(t.label for t in TRANSITIONS if t.name == name)
    raise TransitionRefused(
        _("A declaration that is “%(status)s” cannot be moved by “%(action)s”.")
        % {"status": S(status).label, "action": label}
    )


def _authorize(declaration, transition, actor, memberships=None):
    """The membership the actor acts in, or None for the system. Raises PermissionDenied."""
    if actor is None:
        if SYSTEM in transition.roles:
            return None
        raise PermissionDenied(_("This action needs a signed-in person."))
    membership = acting_membership(
        declaration, actor, [role for role in transition.roles if role != SYSTEM], memberships
    )
    if membership is None:
        roles = " / ".join(str(Role(role).label) for role in transition.roles if role != SYSTEM)
        raise PermissionDenied(
            _("Only %(roles)s responsible for this declaration may “%(action)s”.")
            % {"roles": roles or _("the system"), "action": transition.label}
        )
    return membership


def available_transitions(declaration, actor) -> list[Transition]:
    """The moves the actor may try now (their guards may still refuse)."""
    memberships = active_memberships(actor)
    available = []
    for transition in TRANSITIONS:
        if declaration.status not in transition.source:
            continue
        try:
            _authorize(declaration, transition, actor, memberships)
        except PermissionDenied:
            continue
        available.append(transition)
    return available


def perform_transition(declaration, name, *, actor, reason="", **data) -> Declaration:
    """Move the declaration by the named transition, or raise ValidationError (illegal move,
    guard refused) or PermissionDenied (wrong person) with nothing changed. Returns the
    declaration as saved."""
    from applicants.notifications import notify_transition

    reason = (reason or "").strip()
    with transaction.atomic():
        locked = (
            Declaration.objects.select_for_update(of=("self",))
            .select_related(
                "applicant",
                "employer__parent",
                "plan__jury",
                "plan__organizer",
                "title__series",
                "specialty",
            )
            .get(pk=declaration.pk)
        )
        transition = find_transition(name, locked.status)
        membership = _authorize(locked, transition, actor)
        if transition.reason_required and not reason:
            raise ValidationError({"reason": _("Give the reason.")})
        target = transition.route(locked) if transition.route else transition.target
        move = replace(transition, target=target, reason=reason, data=data)
        if move.guard:
            move.guard(locked, move, actor)
        if move.effect:
            move.effect(locked, move, actor)
        for effect in (*_EFFECTS[name], *_EFFECTS[None]):
            effect(locked, move, actor)
        from_state = locked.status
        locked.status = move.target
        locked.save()
        append_audit_record(
            action=name,
            actor=actor,
            role=membership.role if membership else SYSTEM,
            organization=membership.organization if membership else None,
            declaration=locked,
            from_state=from_state,
            to_state=move.target,
            reason=reason,
            payload=_audit_payload(move),
        )
        notify_transition(locked, move, actor, from_state)
    declaration.refresh_from_db()
    return locked


def _audit_payload(move: Transition) -> dict:
    payload = {}
    for key in ("pledge", "commitment", "deadline"):
        if key in move.data:
            payload[key] = move.data[key]
    if move.data.get("items"):
        payload["items"] = clean_items(move.data["items"])
    return payload
