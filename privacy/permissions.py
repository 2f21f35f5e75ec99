"""Who may read the record of data accesses and decide erasure requests: the HR bureau (and
the administrator) over the people of the organizations in its jurisdiction."""

from accounts.models import Membership, Role

DECIDING_ROLES = (Role.HR_BUREAU, Role.ADMIN)


def deciding_memberships(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(
            user=user, is_active=True, role__in=DECIDING_ROLES
        ).select_related("organization")
    )


def may_decide_erasure(user, person) -> bool:
    """The bureau whose subtree holds one of the person's organizations."""
    deciding = deciding_memberships(user)
    if user.is_superuser and deciding:
        return True
    organizations = [m.organization for m in person.memberships.select_related("organization")]
    return any(
        organization.is_within(membership.organization)
        for membership in deciding
        for organization in organizations
    )


def may_search_access_log(membership) -> bool:
    return membership is not None and membership.role in DECIDING_ROLES
