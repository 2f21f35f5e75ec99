"""Who files and approves post data and decides a declaration's post pool, used by the
services, the pages and the API alike. Each `*_membership` names the role and organization
a decision is recorded under; the `can_*` predicates answer yes or no."""

from accounts.models import Membership, Organization, Role
from accounts.selectors import managing_memberships

# Roles that approve post data: the HR department above the institution.
APPROVING_ROLES = (Role.ADMIN, Role.HR_BUREAU)


def approving_membership(actor, institution: Organization) -> Membership | None:
    """The actor's HR role at or above the institution, the nearest first."""
    memberships = [
        membership
        for membership in managing_memberships(actor)
        if membership.role in APPROVING_ROLES and institution.is_within(membership.organization)
    ]
    return max(memberships, key=lambda m: len(m.organization.path), default=None)


def own_hr_membership(actor, institution: Organization) -> Membership | None:
    """The actor's place in the institution's own HR staff."""
    return next(
        (
            membership
            for membership in managing_memberships(actor)
            if membership.role == Role.EMPLOYER_HR and membership.organization_id == institution.pk
        ),
        None,
    )


def filing_membership(actor, institution: Organization) -> Membership | None:
    """The institution's own HR staff file; the bureau above may file on its behalf."""
    return approving_membership(actor, institution) or own_hr_membership(actor, institution)


def can_approve_post_data(actor, institution: Organization) -> bool:
    return actor.is_superuser or approving_membership(actor, institution) is not None


def can_file_post_data(actor, institution: Organization) -> bool:
    return can_approve_post_data(actor, institution) or (
        own_hr_membership(actor, institution) is not None
    )


def can_choose_double_orientation(actor, declaration) -> bool:
    """Only the declaring unit's HR staff say whether a declaration fills a
    double-orientation post."""
    return actor.is_superuser or own_hr_membership(actor, declaration.employer) is not None
