"""The messages a move sends: to the applicant, and to the people who act next. They are
stored in the move's transaction, so a refused or rolled-back move sends nothing, and
e-mailed once it commits (notifications.services.notify)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from applicants.models import Declaration, FormSection
from applicants.permissions import competent_department
from notifications.services import notify

S = Declaration.Status

# Who acts on a declaration once it reaches a state.
NEXT_ROLE = {
    S.SUBMITTED: Role.EMPLOYER_HR,
    S.DEPARTMENT_REVIEW: Role.DEPARTMENT_REVIEWER,
    S.RECOMMENDED: Role.JURY_OFFICE,
    S.QUALIFICATION_CHECK: Role.JURY_OFFICE,
}
# Decisions the unit hears about because it recommended the declaration.
UNIT_HEARS = {
    S.WITHDRAWN,
    S.DEEMED_WITHDRAWN,
    S.QUALIFIED,
    S.REJECTED,
    S.CORRECTION_REQUESTED,
    S.RETURNED,
}


def declaration_url(declaration) -> str:
    return f"/declarations/{declaration.pk}/"


def responsible_people(declaration, role) -> list:
    """The active staff who act in `role` on this declaration."""
    if role == Role.EMPLOYER_HR:
        unit_role = Role.HR_BUREAU if declaration.employer.is_bureau else Role.EMPLOYER_HR
        memberships = Membership.objects.filter(
            organization_id=declaration.employer_id, role=unit_role
        )
    elif role == Role.DEPARTMENT_REVIEWER:
        department = competent_department(declaration)
        if department is None:
            return []
        memberships = Membership.objects.filter(organization=department, role=role)
    elif role == Role.JURY_OFFICE:
        if declaration.plan.jury is None:
            return []
        memberships = Membership.objects.filter(
            organization_id=declaration.plan.jury.office_id, role=role
        )
    else:
        return []
    return [
        membership.user for membership in memberships.filter(is_active=True).select_related("user")
    ]


def transition_message(declaration, move, from_state) -> tuple[str, str]:
    status = S(move.target).label
    subject = _("%(title)s declaration: %(status)s") % {
        "title": declaration.title,
        "status": status,
    }
    lines = [
        _("Declaration of %(applicant)s for %(title)s (%(specialty)s) in %(plan)s.")
        % {
            "applicant": declaration.applicant,
            "title": declaration.title,
            "specialty": declaration.specialty,
            "plan": declaration.plan,
        },
        _("Now: %(status)s (was: %(previous)s).")
        % {"status": status, "previous": S(from_state).label},
    ]
    if move.reason:
        lines.append(_("Reason: %(reason)s") % {"reason": move.reason})
    items = move.data.get("items") or ()
    if items:
        lines.append(_("Problems to correct:"))
        lines.extend(f"- {FormSection(item['section']).label}: {item['problem']}" for item in items)
    if move.target == S.CORRECTION_REQUESTED:
        lines.append(
            _(
                "Correct every item and resubmit by %(date)s; after that date the declaration is "
                "deemed withdrawn."
            )
            % {"date": date_format(move.data["deadline"])}
        )
    return subject, "\n".join(lines)


def notify_transition(declaration, move, actor, from_state) -> None:
    recipients = [declaration.applicant]
    next_role = NEXT_ROLE.get(move.target)
    if next_role:
        recipients += responsible_people(declaration, next_role)
    if move.target in UNIT_HEARS and declaration.submitted_at:
        recipients += responsible_people(declaration, Role.EMPLOYER_HR)
    recipients = [user for user in recipients if actor is None or user.pk != actor.pk]
    if not recipients:
        return
    subject, body = transition_message(declaration, move, from_state)
    notify(recipients, subject=subject, body=body, url=declaration_url(declaration))
