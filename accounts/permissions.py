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


# --- whole ID document numbers ------------------------------------------------------------
# Pages, API lists and exports show a person's ID number masked (core/masking.py). The whole
# number is shown to the person themself, and to a role only for a purpose its work needs,
# through an explicit, recorded "show" or export option.
QUALIFICATION_CHECK = "qualification_check"  # the office checks who declared (资格审查)
NATIONAL_FILING = "national_filing"  # the bureau files the certificates nationally (备案)

# The purposes for which each role may see a whole ID number; every other role sees masks.
ID_NUMBER_PURPOSES = {
    Role.JURY_OFFICE: frozenset({QUALIFICATION_CHECK}),
    Role.HR_BUREAU: frozenset({NATIONAL_FILING}),
}


def may_reveal_id_number(viewer, membership, subject, purpose, *, within=None) -> bool:
    """Whether `viewer`, acting in `membership`, may see the whole ID number of `subject` (a
    user or a user id; None for the many people of an export) for `purpose`. Always their
    own; anyone else's only in a role given the purpose in ID_NUMBER_PURPOSES, and only for a
    matter of that role's organization: `within(membership)` decides, asked last (it may
    query); without it, no."""
    if viewer is None or not viewer.is_authenticated:
        return False
    subject_id = getattr(subject, "pk", subject)
    if subject_id is not None and subject_id == viewer.pk:
        return True
    if membership is None or not membership.is_active or membership.user_id != viewer.pk:
        return False
    if purpose not in ID_NUMBER_PURPOSES.get(membership.role, ()):
        return False
    return bool(within is not None and within(membership))


def id_number_membership(viewer, memberships, purpose, *, within) -> Membership | None:
    """The first of `memberships` in which `viewer` may see whole ID numbers for `purpose`
    (see may_reveal_id_number), or None."""
    for membership in memberships:
        if membership is not None and may_reveal_id_number(
            viewer, membership, None, purpose, within=within
        ):
            return membership
    return None
