"""Who acts on filings and certificates, decided on the organization tree: the office of the
meeting's jury submits; an HR bureau at or above the plan's organizer decides, issues,
revokes and reissues; the holder sees their own certificates."""

from accounts.models import Membership, Role


def _active(actor, role):
    if actor is None or not actor.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=actor, role=role, is_active=True).select_related(
        "organization"
    )


def office_membership(actor, meeting) -> Membership | None:
    return _active(actor, Role.JURY_OFFICE).filter(organization_id=meeting.jury.office_id).first()


def bureau_membership(actor, plan) -> Membership | None:
    """The actor's HR bureau role over the plan's organizer, the nearest bureau first."""
    memberships = [
        membership
        for membership in _active(actor, Role.HR_BUREAU)
        if plan.organizer.is_within(membership.organization)
    ]
    return max(memberships, key=lambda m: len(m.organization.path), default=None)
