"""Who may act on, and who may see, a declaration — decided on the organization tree.

Acting: the actor's active membership must hold the role AND sit in the organization that
answers for this declaration at that step: the applicant themself; the declaring unit's HR
staff (a county bureau's HR staff for the freelancers declaring through it); the competent
department directly above the unit; the office of the plan's jury; an HR bureau at or above
the plan's organizer.

Seeing: the applicant sees their own declarations; a unit the ones submitted to it; a
department, an office or a bureau the ones that reached it."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, Role
from accounts.permissions import QUALIFICATION_CHECK, id_number_membership
from accounts.selectors import active_memberships
from applicants.models import Declaration, Material
from titles.models import EvaluationPlan


def competent_department(declaration: Declaration) -> Organization | None:
    parent = declaration.employer.parent
    if parent is not None and parent.kind == Organization.Kind.DEPARTMENT:
        return parent
    return None


def needs_department_review(declaration: Declaration) -> bool:
    return competent_department(declaration) is not None


def membership_answers_for(membership: Membership, role: str, declaration: Declaration) -> bool:
    """Whether this membership may act in `role` on this declaration."""
    organization_id = membership.organization_id
    if role == Role.APPLICANT:
        return membership.role == Role.APPLICANT and membership.user_id == declaration.applicant_id
    if role == Role.EMPLOYER_HR:
        unit_role = Role.HR_BUREAU if declaration.employer.is_bureau else Role.EMPLOYER_HR
        return membership.role == unit_role and organization_id == declaration.employer_id
    if role == Role.DEPARTMENT_REVIEWER:
        department = competent_department(declaration)
        return (
            membership.role == Role.DEPARTMENT_REVIEWER
            and department is not None
            and organization_id == department.pk
        )
    if role == Role.JURY_OFFICE:
        jury = declaration.plan.jury
        return (
            membership.role == Role.JURY_OFFICE
            and jury is not None
            and organization_id == jury.office_id
        )
    if role == Role.HR_BUREAU:
        return membership.role == Role.HR_BUREAU and declaration.plan.organizer.is_within(
            membership.organization
        )
    return False


# Roles whose right to act on a declaration a later stage decides (the presiding chair of a
# review meeting, registered by juries/workflow_roles.py), since this app may not import it.
_ACTING_CHECKS: dict[str, Callable] = {}
_DESCRIPTIONS: dict[str, str] = {}


def register_acting_check(role: str, check: Callable, *, described_as=None) -> None:
    """`check(declarations, actor, memberships)` returns {declaration pk: membership} for
    those of the declarations the actor answers for in `role`, `memberships` being the
    actor's active memberships in that role. It decides for a whole set at once, so a move
    of many declarations asks it once. `described_as` names who that is in refusals."""
    _ACTING_CHECKS[role] = check
    if described_as is not None:
        _DESCRIPTIONS[role] = described_as


def acting_refusal(roles, action) -> PermissionDenied:
    """What someone hears who holds none of `roles` for a declaration."""
    described = [_DESCRIPTIONS[role] for role in roles if role in _DESCRIPTIONS]
    if described:
        return PermissionDenied(
            _("Only %(who)s may “%(action)s”.")
            % {"who": " / ".join(str(who) for who in described), "action": action}
        )
    return PermissionDenied(
        _("Only %(roles)s responsible for this declaration may “%(action)s”.")
        % {
            "roles": " / ".join(str(Role(role).label) for role in roles) or _("the system"),
            "action": action,
        }
    )


def acting_memberships(declarations, actor, roles, memberships=None) -> dict[int, Membership]:
    """For each declaration the actor answers for in one of `roles` (tried in order), the
    membership they act in. Nobody decides on their own declaration in a reviewing role."""
    if memberships is None:
        memberships = active_memberships(actor)
    found: dict[int, Membership] = {}
    for role in roles:
        pending = [
            declaration
            for declaration in declarations
            if declaration.pk not in found
            and (role == Role.APPLICANT or actor.pk != declaration.applicant_id)
        ]
        if not pending:
            continue
        if role in _ACTING_CHECKS:
            in_role = [membership for membership in memberships if membership.role == role]
            if in_role:
                found.update(_ACTING_CHECKS[role](pending, actor, in_role))
            continue
        for declaration in pending:
            for membership in memberships:
                if membership_answers_for(membership, role, declaration):
                    found[declaration.pk] = membership
                    break
    return found


def acting_membership(declaration, actor, roles, memberships=None) -> Membership | None:
    """The actor's membership that answers for the declaration in one of `roles`, or None."""
    return acting_memberships([declaration], actor, roles, memberships).get(declaration.pk)


def _membership_filter(membership: Membership) -> Q | None:
    """What one membership sees. The tree conditions are written as `IN (subquery)` on the
    small organization and plan tables rather than joins from the declarations: a bureau's
    list would otherwise join every one of its declarations to the plan's organizer just to
    test a path prefix."""
    organization = membership.organization
    role = membership.role
    reached_unit = Q(submitted_at__isnull=False)
    reached_department = Q(recommended_at__isnull=False)
    reached_office = Q(forwarded_to_office_at__isnull=False)
    if role == Role.APPLICANT:
        return Q(applicant_id=membership.user_id)
    if role == Role.EMPLOYER_HR:
        return Q(employer_id=organization.pk) & reached_unit
    if role == Role.DEPARTMENT_REVIEWER:
        units_below = Organization.objects.filter(path__startswith=organization.path)
        return Q(employer_id__in=units_below.values("pk")) & reached_department
    if role == Role.JURY_OFFICE:
        plans_judged = EvaluationPlan.objects.filter(jury__office_id=organization.pk)
        return Q(plan_id__in=plans_judged.values("pk")) & reached_office
    if role in (Role.HR_BUREAU, Role.ADMIN):
        plans_organized = EvaluationPlan.objects.filter(
            organizer__path__startswith=organization.path
        )
        return (Q(employer_id=organization.pk) & reached_unit) | (
            Q(plan_id__in=plans_organized.values("pk")) & reached_office
        )
    return None


def declaration_filter(user, memberships=None) -> Q | None:
    """A filter for the declarations `user` may see; None means all of them."""
    if user.is_superuser:
        return None
    condition = Q(pk__in=[])
    for membership in memberships if memberships is not None else active_memberships(user):
        part = _membership_filter(membership)
        if part is not None:
            condition |= part
    return condition


def visible_declarations(user) -> QuerySet[Declaration]:
    declarations = Declaration.objects.all()
    if not user.is_authenticated:
        return declarations.none()
    condition = declaration_filter(user)
    return declarations if condition is None else declarations.filter(condition)


def declarations_for_membership(membership: Membership) -> QuerySet[Declaration]:
    """What one role sees, for the pages of the role the user is acting in."""
    condition = _membership_filter(membership)
    if condition is None:
        return Declaration.objects.none()
    return Declaration.objects.filter(condition)


def visible_materials(user) -> QuerySet[Material]:
    return Material.objects.filter(declaration__in=visible_declarations(user).values("pk"))


def can_view_declaration(user, declaration: Declaration) -> bool:
    return visible_declarations(user).filter(pk=declaration.pk).exists()


def roster_plans(user) -> QuerySet[EvaluationPlan]:
    """The plans whose roster of qualification evaluation objects the user may export: those
    judged by a jury whose office they work in. The page, the job and the API ask this."""
    if user.is_superuser:
        return EvaluationPlan.objects.all()
    offices = [m.organization_id for m in active_memberships(user) if m.role == Role.JURY_OFFICE]
    return EvaluationPlan.objects.filter(jury__office_id__in=offices)


def may_export_roster(user, plan: EvaluationPlan) -> bool:
    return roster_plans(user).filter(pk=plan.pk).exists()


# --- whole ID numbers ----------------------------------------------------------------------


def may_reveal_applicant_id(user, membership, declaration: Declaration) -> bool:
    """The applicant themself, or the office of the plan's jury acting in `membership`, for
    the qualification check (accounts.permissions.ID_NUMBER_PURPOSES)."""
    return applicant_id_membership(
        user, [membership], declaration
    ) is not None or declaration.applicant_id == getattr(user, "pk", None)


def applicant_id_membership(user, memberships, declaration: Declaration) -> Membership | None:
    """Which of `memberships` lets `user` see the applicant's whole ID number."""
    return id_number_membership(
        user,
        memberships,
        QUALIFICATION_CHECK,
        within=lambda membership: membership_answers_for(membership, Role.JURY_OFFICE, declaration),
    )


def roster_id_number_membership(user, memberships, plan: EvaluationPlan) -> Membership | None:
    """Which of `memberships` lets `user` put whole ID numbers into the plan's roster: the
    office of the plan's jury, for the qualification check."""
    return id_number_membership(
        user,
        memberships,
        QUALIFICATION_CHECK,
        within=lambda membership: (
            plan.jury_id is not None and plan.jury.office_id == membership.organization_id
        ),
    )


# --- names kept from the declarant ----------------------------------------------------------


def _answers_as(user, declaration: Declaration, roles) -> bool:
    """Whether `user` acts for the declaration in one of `roles` (an administrator counts as
    the HR bureau above the plan's organizer); never on their own declaration."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    memberships = active_memberships(user)
    if Role.HR_BUREAU in roles and any(
        m.role == Role.ADMIN and declaration.plan.organizer.is_within(m.organization)
        for m in memberships
    ):
        return user.pk != declaration.applicant_id
    return acting_membership(declaration, user, roles, memberships) is not None


def may_see_reviewer_names(user, declaration: Declaration) -> bool:
    """The experts who reviewed a declaration (the chair who confirmed its result among them)
    are named to the jury office and the HR bureau answering for it; the applicant, the units,
    the departments and the public read "the jury" or "the chair", since the experts'
    commitment keeps the list of experts confidential."""
    return _answers_as(user, declaration, [Role.JURY_OFFICE, Role.HR_BUREAU])


def may_see_objectors(user, declaration: Declaration) -> bool:
    """Who objected during the unit publicity is known to the unit's HR staff, who resolve the
    objection, and to the jury office; never to the declarant."""
    return _answers_as(user, declaration, [Role.EMPLOYER_HR, Role.JURY_OFFICE])
