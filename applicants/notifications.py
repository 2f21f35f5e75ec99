"""The messages a move sends: to the applicant, and to the people who act next. They are
stored in the move's transaction, so a refused or rolled-back move sends nothing, and
e-mailed once it commits (notifications.services.notify_each)."""

from collections import defaultdict
from functools import partial

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from applicants.models import Declaration, FormSection
from applicants.permissions import competent_department
from notifications.services import Message, notify_each

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


def _answering(declaration, role) -> tuple[int, str] | None:
    """(organization, membership role) of the staff who act in `role` on this declaration."""
    if role == Role.EMPLOYER_HR:
        unit_role = Role.HR_BUREAU if declaration.employer.is_bureau else Role.EMPLOYER_HR
        return declaration.employer_id, unit_role
    if role == Role.DEPARTMENT_REVIEWER:
        department = competent_department(declaration)
        return (department.pk, role) if department is not None else None
    if role == Role.JURY_OFFICE:
        jury = declaration.plan.jury
        return (jury.office_id, role) if jury is not None else None
    return None


def responsible_people_of(wanted) -> dict[tuple[int, str], list]:
    """The active staff for each (declaration, role) in `wanted`, in one query for all."""
    places = {pair: _answering(*pair) for pair in wanted}
    organizations = {place[0] for place in places.values() if place}
    if not organizations:
        return {pair: [] for pair in places}
    staff = defaultdict(list)
    for membership in Membership.objects.filter(
        organization_id__in=organizations,
        role__in={place[1] for place in places.values() if place},
        is_active=True,
    ).select_related("user"):
        staff[membership.organization_id, membership.role].append(membership.user)
    return {
        (declaration, role): staff[place] if place else []
        for (declaration, role), place in places.items()
    }


def responsible_people(declaration, role) -> list:
    """The active staff who act in `role` on this declaration."""
    return responsible_people_of([(declaration, role)])[declaration, role]


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


def _roles_to_tell(declaration, move) -> list[str]:
    roles = []
    if move.target in NEXT_ROLE:
        roles.append(NEXT_ROLE[move.target])
    if move.target in UNIT_HEARS and declaration.submitted_at:
        roles.append(Role.EMPLOYER_HR)
    return roles


def notify_transitions(moves, actor) -> None:
    """Store the messages of many moves, `moves` being (declaration, move, from_state)
    triples: who to tell is looked up once for all of them, and the messages stored in one
    insert (notifications.services.notify_each)."""
    wanted = [
        (declaration, role)
        for declaration, move, _from_state in moves
        for role in _roles_to_tell(declaration, move)
    ]
    staff = responsible_people_of(wanted)
    messages = []
    for declaration, move, from_state in moves:
        recipients = [declaration.applicant]
        for role in _roles_to_tell(declaration, move):
            recipients += staff[declaration, role]
        recipients = [user for user in recipients if actor is None or user.pk != actor.pk]
        if not recipients:
            continue
        # Written in each recipient's language when stored.
        texts = partial(transition_message, declaration, move, from_state)
        messages.append(
            Message(
                tuple(recipients),
                subject=lambda texts=texts: texts()[0],
                body=lambda texts=texts: texts()[1],
                url=declaration_url(declaration),
            )
        )
    notify_each(messages)


def notify_transition(declaration, move, actor, from_state) -> None:
    notify_transitions([(declaration, move, from_state)], actor)
