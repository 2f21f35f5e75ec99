"""The declaration's one state machine. `TRANSITIONS` is the table: every move names its
source states, its target, the roles allowed to make it, its guard and its own effect.
`perform_transitions` (and `perform_transition`, the same for one declaration) is the only
code that writes `Declaration.status`: inside one transaction it locks the declarations,
checks the role on the organization tree, runs the guards and the effects, changes the
states, appends the audit records and stores the messages (e-mailed once the transaction
commits). Moving many declarations takes the same number of queries as moving a few.

Other apps hook into moves with `@transition_effect("recommend", ...)`: quota reservations,
jury assignments and the like, without editing this table. A role whose right to act only a
later stage can decide (the chair presiding over a review meeting) is checked by what that
app registers with `applicants.permissions.register_acting_check`."""

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Role
from applicants.eligibility_periods import certify_social_insurance, certify_social_insurance_many
from applicants.eligibility_reports import record_findings_report
from applicants.models import Declaration, UnitPublicity
from applicants.permissions import acting_memberships, acting_refusal, active_memberships
from applicants.transition_rules import (
    clean_items,
    current_correction_notice,
    forward_to_office,
    guard_return,
    guard_submit,
    issue_correction_notice,
    record_resubmission,
    record_unit_commitment,
    refusal_about,
    require_no_blocking_findings,
    require_pledge,
    route_recommendation,
    sign_pledge,
)
from audit.services import append_audit_records
from titles.working_days import publicity_window, window_between

S = Declaration.Status
SYSTEM = "system"  # the role of a scheduled task acting without a user
_FIELDS = tuple(Declaration._meta.concrete_fields)
_FIELD_NAMES = {field.attname: field.name for field in _FIELDS}


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
    # The same for many declarations at once: bulk_guard(moves, actor), bulk_effect(moves,
    # actor), `moves` being (declaration, transition) pairs. A move of many needs them where
    # guard or effect is set (see perform_transitions).
    bulk_guard: Callable | None = None
    bulk_effect: Callable | None = None
    route: Callable | None = None  # route(declaration) -> target, where the target depends on it
    reason_required: bool = False
    # Filled in for one performance of the move.
    reason: str = ""
    data: Mapping = field(default_factory=dict)


class TransitionRefused(ValidationError):
    """The move does not exist from the declaration's current state."""


_EFFECTS: dict[str | None, list[Callable]] = defaultdict(list)
_BULK_EFFECTS: dict[Callable, Callable] = {}


def transition_effect(*names, bulk: Callable | None = None):
    """Register `func(declaration, transition, actor)` for the named transitions (all of them
    when no name is given). It runs inside the move's transaction after the guard passed and
    before the new state is saved; a ValidationError it raises cancels the whole move.

    `bulk(moves, actor)`, with `moves` a list of (declaration, transition) pairs, does the
    same for many declarations in a bounded number of queries, naming the declaration it
    refuses (`transition_rules.refusal_about`). perform_transitions uses it whenever it is
    given, and refuses to move several declarations at once by a transition whose effect
    has no bulk form."""

    def register(func):
        for name in names or (None,):
            if func not in _EFFECTS[name]:
                _EFFECTS[name].append(func)
        if bulk is not None:
            _BULK_EFFECTS[func] = bulk
        return func

    return register


def today() -> date:
    return timezone.localdate()


# --- guards -------------------------------------------------------------------------------


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


def _guard_request_correction(declaration, transition, actor):
    if not clean_items(transition.data.get("items")):
        raise ValidationError({"items": _("List every problem that needs correcting, at once.")})
    deadline = transition.data.get("deadline")
    if not isinstance(deadline, date):
        raise ValidationError({"deadline": _("Give the date by which the applicant must correct.")})
    if deadline <= today():
        raise ValidationError({"deadline": _("The correction deadline must be a later date.")})
    window_between(today(), deadline, field="deadline")  # refuses a year nobody has entered
    if declaration.correction_notices.exists():
        raise ValidationError(
            _(
                "A correction was already requested once: all problems must be listed in that one "
                "notice. Pass or reject the declaration now."
            )
        )


def _guard_resubmit(declaration, transition, actor):
    require_pledge(declaration, transition, actor)
    notice = current_correction_notice(declaration)
    if notice is not None and today() > notice.deadline:
        raise ValidationError(
            _("The correction deadline (%(date)s) has passed.")
            % {"date": date_format(notice.deadline)}
        )
    require_no_blocking_findings(declaration, transition, actor)


def correction_overdue(declaration) -> bool:
    notice = current_correction_notice(declaration)
    return notice is not None and today() > notice.deadline


def _guard_deem_withdrawn(declaration, transition, actor):
    if not correction_overdue(declaration):
        raise ValidationError(_("The correction deadline has not passed yet."))


# --- effects ------------------------------------------------------------------------------


def _open_unit_publicity(declaration, transition, actor):
    # The same rule as the result publicity (titles/working_days.py `window`); a window
    # reaching a year nobody has entered is refused, and the move with it.
    window = publicity_window(today(), declaration.plan.unit_publicity_working_days)
    UnitPublicity.objects.create(
        declaration=declaration,
        starts_on=window.start,
        ends_on=window.end,
        working_days=window.days,
        started_by=actor,
        contact=transition.data.get("contact", ""),
    )


# --- the table ----------------------------------------------------------------------------

APPLICANT, UNIT = Role.APPLICANT, Role.EMPLOYER_HR
DEPARTMENT, OFFICE, BUREAU = Role.DEPARTMENT_REVIEWER, Role.JURY_OFFICE, Role.HR_BUREAU
EXPERT = Role.EXPERT
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
        guard=guard_submit,
        effect=sign_pledge,
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
        effect=record_unit_commitment,
        route=route_recommendation,
    ),
    Transition(
        "return",
        (S.SUBMITTED, S.IN_UNIT_PUBLICITY),
        S.RETURNED,
        (UNIT,),
        gettext_lazy("Return to the applicant"),
        guard=guard_return,
        reason_required=True,
    ),
    # Stage 3: the competent department, for units under one.
    Transition(
        "department_approve",
        (S.DEPARTMENT_REVIEW,),
        S.RECOMMENDED,
        (DEPARTMENT,),
        gettext_lazy("Approve and forward to the jury office"),
        effect=forward_to_office,
    ),
    Transition(
        "return",
        (S.DEPARTMENT_REVIEW,),
        S.RETURNED,
        (DEPARTMENT,),
        gettext_lazy("Return to the applicant"),
        guard=guard_return,
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
        guard=require_no_blocking_findings,
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
        effect=issue_correction_notice,
    ),
    Transition(
        "resubmit",
        (S.CORRECTION_REQUESTED,),
        S.QUALIFICATION_CHECK,
        (APPLICANT,),
        gettext_lazy("Resubmit the corrected declaration"),
        guard=_guard_resubmit,
        effect=record_resubmission,
    ),
    Transition(
        "deem_withdrawn",
        (S.CORRECTION_REQUESTED,),
        S.DEEMED_WITHDRAWN,
        # The nightly task, or the office by hand once the deadline has passed.
        (SYSTEM, OFFICE),
        gettext_lazy("Deem withdrawn: correction deadline missed"),
        guard=_guard_deem_withdrawn,
    ),
    # Stages 5-9, moved by juries/ and certificates/.
    # The office draws the panel, which puts the meeting's candidates under review.
    Transition(
        "start_review",
        (S.QUALIFIED,),
        S.IN_REVIEW,
        (OFFICE,),
        gettext_lazy("Start the jury review"),
    ),
    # The chair presiding over the meeting confirms the secret ballot's outcome: EXPERT here
    # means that chair alone (the check is registered by juries/workflow_roles.py).
    Transition("pass", (S.IN_REVIEW,), S.PASSED, (EXPERT,), gettext_lazy("Pass")),
    Transition("fail", (S.IN_REVIEW,), S.FAILED, (EXPERT,), gettext_lazy("Fail")),
    Transition(
        "start_result_publicity",
        (S.PASSED,),
        S.IN_RESULT_PUBLICITY,
        (OFFICE,),
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
        (BUREAU,),
        gettext_lazy("Approve the filing"),
    ),
    # The batch issue, a background task once the bureau approved the filing.
    Transition(
        "certify", (S.FILED,), S.CERTIFIED, (SYSTEM,), gettext_lazy("Issue the certificate")
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


def _authorize_all(
    declarations, transition, actor, memberships, many=False
) -> dict[int, Membership | None]:
    """The membership the actor acts in for each declaration, None for the system; raises
    PermissionDenied (naming the declaration in a move of many) at the first they may not
    move."""
    if actor is None:
        if SYSTEM in transition.roles:
            return dict.fromkeys((declaration.pk for declaration in declarations), None)
        raise PermissionDenied(_("This action needs a signed-in person."))
    roles = [role for role in transition.roles if role != SYSTEM]
    found = acting_memberships(declarations, actor, roles, memberships)
    for declaration in declarations:
        if declaration.pk not in found:
            raise _naming(declaration, acting_refusal(roles, transition.label), many)
    return found


def available_transitions(declaration, actor) -> list[Transition]:
    """The moves the actor may try now (their guards may still refuse)."""
    memberships = active_memberships(actor)
    available = []
    for transition in TRANSITIONS:
        if declaration.status not in transition.source:
            continue
        try:
            _authorize_all([declaration], transition, actor, memberships)
        except PermissionDenied:
            continue
        available.append(transition)
    return available


def _naming(declaration, error, many: bool):
    return refusal_about(declaration, error) if many else error


def _one_at_a_time(what, name):
    return ImproperlyConfigured(
        f"{what} of “{name}” acts on one declaration at a time: give it a bulk form "
        "to move many declarations at once."
    )


def _run_checks(moves, actor, name, many: bool) -> None:
    """Guards, then the moves' own effects, then the effects other apps registered: each in
    its bulk form when it has one (a bounded number of queries for any number of
    declarations), else once per declaration, which a move of many refuses."""
    by_transition = defaultdict(list)
    for declaration, move in moves:
        by_transition[move.name, move.source].append((declaration, move))
    for stage in ("guard", "effect"):
        for (_name, _source), group in by_transition.items():
            transition = group[0][1]
            bulk = getattr(transition, f"bulk_{stage}")
            single = getattr(transition, stage)
            if bulk:
                bulk(group, actor)
            elif single:
                if many:
                    raise _one_at_a_time(stage, name)
                for declaration, move in group:
                    single(declaration, move, actor)
    for effect in (*_EFFECTS[name], *_EFFECTS[None]):
        bulk = _BULK_EFFECTS.get(effect)
        if bulk:
            bulk(moves, actor)
        elif many:
            raise _one_at_a_time(f"The effect {effect.__qualname__}", name)
        else:
            for declaration, move in moves:
                effect(declaration, move, actor)


def _field_values(declaration) -> dict:
    return {field.attname: getattr(declaration, field.attname) for field in _FIELDS}


def perform_transitions(
    declarations,
    name: str,
    *,
    actor,
    reason: str = "",
    reasons: Mapping[int, str] | None = None,
    **data,
) -> list[Declaration]:
    """Move every declaration by the named transition in one transaction, all or nothing:
    any refusal raises ValidationError (illegal move, guard refused) or PermissionDenied
    (wrong person), naming the declaration when there are several, and nothing changes.
    `reasons` maps a declaration's pk to its own reason, in place of `reason`. The number
    of queries does not grow with the number of declarations. Returns the declarations as
    saved, in the order given; the objects passed in are brought up to date too."""
    from applicants.notifications import notify_transitions
    from applicants.selectors import DETAIL_RELATED  # selectors import this module

    given = list(declarations)
    pks = list(dict.fromkeys(declaration.pk for declaration in given))
    if not pks:
        return []
    many = len(pks) > 1
    reasons = reasons or {}
    with transaction.atomic():
        # Locked in one order by every caller, so concurrent moves queue instead of deadlocking.
        locked = list(
            Declaration.objects.select_for_update(of=("self",))
            .select_related(*DETAIL_RELATED)
            .filter(pk__in=pks)
            .order_by("pk")
        )
        if len(locked) != len(pks):
            raise Declaration.DoesNotExist("Declaration matching query does not exist.")
        moves = []
        for declaration in locked:
            try:
                transition = find_transition(name, declaration.status)
            except ValidationError as error:
                raise _naming(declaration, error, many) from error
            moves.append((declaration, transition))
        memberships = active_memberships(actor)
        acting = {}
        by_transition = defaultdict(list)
        for declaration, transition in moves:
            by_transition[transition].append(declaration)
        for transition, group in by_transition.items():
            acting.update(_authorize_all(group, transition, actor, memberships, many))
        prepared = []
        for declaration, transition in moves:
            own_reason = (reasons.get(declaration.pk, reason) or "").strip()
            if transition.reason_required and not own_reason:
                raise _naming(declaration, ValidationError({"reason": _("Give the reason.")}), many)
            target = transition.route(declaration) if transition.route else transition.target
            prepared.append(
                (declaration, replace(transition, target=target, reason=own_reason, data=data))
            )
        before = {declaration.pk: _field_values(declaration) for declaration in locked}
        _run_checks(prepared, actor, name, many)
        _save(prepared, before)
        append_audit_records(
            [
                {
                    "action": name,
                    "actor": actor,
                    "role": acting[declaration.pk].role if acting[declaration.pk] else SYSTEM,
                    "organization": (
                        acting[declaration.pk].organization if acting[declaration.pk] else None
                    ),
                    "declaration": declaration,
                    "from_state": before[declaration.pk]["status"],
                    "to_state": move.target,
                    "reason": move.reason,
                    "payload": _audit_payload(move),
                }
                for declaration, move in prepared
            ]
        )
        notify_transitions(
            [
                (declaration, move, before[declaration.pk]["status"])
                for declaration, move in prepared
            ],
            actor,
        )
    saved = {declaration.pk: declaration for declaration in locked}
    for declaration in given:
        for attname, value in _field_values(saved[declaration.pk]).items():
            setattr(declaration, attname, value)
    return [saved[pk] for pk in pks]


def _save(prepared, before) -> None:
    """One UPDATE per target state, or one bulk update when effects changed other fields."""
    now = timezone.now()
    changed = set()
    for declaration, move in prepared:
        old = before[declaration.pk]
        changed |= {
            attname
            for attname, value in _field_values(declaration).items()
            if old[attname] != value
        }
        declaration.status = move.target
        declaration.updated_at = now
    declarations = [declaration for declaration, _move in prepared]
    if changed:
        fields = sorted({*(_FIELD_NAMES[attname] for attname in changed), "status", "updated_at"})
        Declaration.objects.bulk_update(declarations, fields)
        return
    by_target = defaultdict(list)
    for declaration, move in prepared:
        by_target[move.target].append(declaration.pk)
    for target, pks in by_target.items():
        Declaration.objects.filter(pk__in=pks).update(status=target, updated_at=now)


def perform_transition(declaration, name, *, actor, reason="", **data) -> Declaration:
    """Move the declaration by the named transition, or raise ValidationError (illegal move,
    guard refused) or PermissionDenied (wrong person) with nothing changed. Returns the
    declaration as saved."""
    [moved] = perform_transitions([declaration], name, actor=actor, reason=reason, **data)
    return moved


def _audit_payload(move: Transition) -> dict:
    payload = {}
    for key in ("pledge", "commitment", "deadline"):
        if key in move.data:
            payload[key] = move.data[key]
    for key in ("social_insurance_since", "findings_report"):
        if move.data.get(key) is not None:
            payload[key] = move.data[key]
    if move.data.get("items"):
        payload["items"] = clean_items(move.data["items"])
    return payload


# Effects kept beside the rules they apply. Recommending, the unit states and certifies when
# its social insurance contributions began for an applicant whose personnel file is held
# elsewhere (applicants/eligibility_periods.py); each submission and resubmission keeps the
# findings as they stood, with their data (applicants/eligibility_reports.py).
transition_effect("recommend", bulk=certify_social_insurance_many)(certify_social_insurance)
transition_effect("submit", "resubmit")(record_findings_report)
