"""Who manages which organization, gives which role where and creates which kind of
organization, used by the services, the pages, the API and the admin alike. Everything is
created top-down: an actor acts only below the organizations where they hold a managing role;
bureaus and departments manage their subtree, an employer's HR staff only their unit."""

from accounts.models import Membership, Organization, Role, User
from accounts.selectors import OWN_UNIT_ROLES, SUBTREE_ROLES, managing_memberships

Kind = Organization.Kind

# Which kinds of organization a role may be held in.
ROLE_ORGANIZATION_KINDS = {
    Role.APPLICANT: (*Organization.EMPLOYER_KINDS, Kind.COUNTY_BUREAU),
    Role.EMPLOYER_HR: Organization.EMPLOYER_KINDS,
    Role.DEPARTMENT_REVIEWER: (Kind.DEPARTMENT,),
    Role.JURY_OFFICE: (Kind.JURY_OFFICE,),
    Role.EXPERT: (Kind.JURY_OFFICE,),
    Role.HR_BUREAU: Organization.BUREAU_KINDS,
    Role.ADMIN: Organization.BUREAU_KINDS,
}

# Which kinds of organization may sit directly below which.
CHILD_KINDS = {
    Kind.PROVINCE_BUREAU: (
        Kind.CITY_BUREAU,
        Kind.DEPARTMENT,
        Kind.JURY_OFFICE,
        *Organization.EMPLOYER_KINDS,
    ),
    Kind.CITY_BUREAU: (
        Kind.COUNTY_BUREAU,
        Kind.DEPARTMENT,
        Kind.JURY_OFFICE,
        *Organization.EMPLOYER_KINDS,
    ),
    Kind.COUNTY_BUREAU: (Kind.DEPARTMENT, Kind.JURY_OFFICE, *Organization.EMPLOYER_KINDS),
    Kind.DEPARTMENT: (Kind.JURY_OFFICE, *Organization.EMPLOYER_KINDS),
    Kind.PUBLIC_INSTITUTION: (Kind.JURY_OFFICE,),
    Kind.ENTERPRISE: (Kind.JURY_OFFICE,),
    Kind.OTHER_UNIT: (),
    Kind.JURY_OFFICE: (),
}

# Roles that manage the organizations below them, and the roles each may hand out there.
MANAGING_ROLES = {
    Role.ADMIN: set(Role.values),
    Role.HR_BUREAU: set(Role.values) - {Role.ADMIN},
    Role.DEPARTMENT_REVIEWER: {Role.EMPLOYER_HR, Role.APPLICANT},
    Role.EMPLOYER_HR: {Role.APPLICANT},
}

# The kinds of organization each role may create below its own; employer HR creates none.
CREATABLE_KINDS = {
    Role.ADMIN: tuple(Kind.values),
    Role.HR_BUREAU: tuple(Kind.values),
    Role.DEPARTMENT_REVIEWER: Organization.EMPLOYER_KINDS,
}

# An applicant may not also hold one of these in the unit they declare from.
REVIEWING_ROLES = {Role.EMPLOYER_HR, Role.DEPARTMENT_REVIEWER, Role.JURY_OFFICE}


def _manages(membership: Membership, organization: Organization) -> bool:
    if membership.role in OWN_UNIT_ROLES:
        return organization.pk == membership.organization_id
    return membership.role in SUBTREE_ROLES and organization.is_within(membership.organization)


def can_manage_organization(actor: User, organization: Organization) -> bool:
    """Bureaus and departments manage their own subtree; an employer HR only its unit."""
    if actor.is_superuser:
        return True
    return any(_manages(m, organization) for m in managing_memberships(actor))


def can_grant_role(actor: User, organization: Organization, role: str) -> bool:
    return role in grantable_roles(actor, organization)


def grantable_roles(actor: User, organization: Organization) -> list[str]:
    """The roles `actor` may give in `organization`, in the order of Role."""
    if actor.is_superuser:
        allowed = set(Role.values)
    else:
        allowed = set()
        for membership in managing_memberships(actor):
            if _manages(membership, organization):
                allowed |= MANAGING_ROLES[membership.role]
    return [
        role
        for role in Role.values
        if role in allowed and organization.kind in ROLE_ORGANIZATION_KINDS[role]
    ]


def creatable_kinds_anywhere(actor: User) -> list[str]:
    """The kinds of organization `actor` may create under at least one organization."""
    if actor.is_superuser:
        allowed = set(Kind.values)
    else:
        allowed = set()
        for membership in managing_memberships(actor):
            allowed |= set(CREATABLE_KINDS.get(membership.role, ()))
    below_something = {kind for children in CHILD_KINDS.values() for kind in children}
    return [kind for kind in Kind.values if kind in allowed and kind in below_something]


def creatable_kinds(actor: User, parent: Organization) -> list[str]:
    """The kinds of organization `actor` may create directly below `parent`."""
    if actor.is_superuser:
        allowed = set(Kind.values)
    else:
        allowed = set()
        for membership in managing_memberships(actor):
            if membership.role in CREATABLE_KINDS and parent.is_within(membership.organization):
                allowed |= set(CREATABLE_KINDS[membership.role])
    return [kind for kind in CHILD_KINDS[parent.kind] if kind in allowed]
