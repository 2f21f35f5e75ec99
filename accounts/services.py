"""Writes for organizations and accounts. Everything is created top-down: an actor may only
create below the organizations where they hold a managing role."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, Role, User

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


def managing_memberships(actor: User):
    if not actor.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(
        user=actor, is_active=True, role__in=list(MANAGING_ROLES)
    ).select_related("organization")


def can_manage_organization(actor: User, organization: Organization) -> bool:
    """Bureaus and departments manage their own subtree; an employer HR only its unit."""
    if actor.is_superuser:
        return True
    for membership in managing_memberships(actor):
        if membership.role == Role.EMPLOYER_HR:
            if organization.pk == membership.organization_id:
                return True
        elif organization.is_within(membership.organization):
            return True
    return False


def can_grant_role(actor: User, organization: Organization, role: str) -> bool:
    if actor.is_superuser:
        return True
    for membership in managing_memberships(actor):
        if role not in MANAGING_ROLES[membership.role]:
            continue
        if membership.role == Role.EMPLOYER_HR:
            if organization.pk == membership.organization_id:
                return True
        elif organization.is_within(membership.organization):
            return True
    return False


@transaction.atomic
def create_organization(*, actor: User | None, parent: Organization | None, name: str,
                        kind: str, credit_code: str) -> Organization:
    """Create an organization below `parent`. Only a system administrator (actor None or a
    superuser) creates a root; everyone else creates inside a subtree they manage."""
    if parent is None:
        if actor is not None and not actor.is_superuser:
            raise PermissionDenied(_("Only a system administrator can create a top-level bureau."))
        if kind != Kind.PROVINCE_BUREAU:
            raise ValidationError({"kind": _("A top-level organization must be a provincial HR bureau.")})
    else:
        if actor is not None and not can_manage_organization(actor, parent):
            raise PermissionDenied(_("You can only create organizations within your own jurisdiction."))
        if actor is not None and not (actor.is_superuser or _actor_manages_as_bureau_or_department(actor, parent)):
            raise PermissionDenied(_("Employer staff cannot create organizations."))
        if kind not in CHILD_KINDS[parent.kind]:
            raise ValidationError(
                {"kind": _("A %(child)s cannot be created under a %(parent)s.") % {
                    "child": Kind(kind).label, "parent": parent.get_kind_display()}}
            )
    organization = Organization(name=name.strip(), kind=kind, credit_code=(credit_code or "").strip().upper(), parent=parent)
    organization.path = "/"
    organization.full_clean(exclude=["path"])
    organization.save()
    organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
    organization.save(update_fields=["path"])
    return organization


def _actor_manages_as_bureau_or_department(actor: User, organization: Organization) -> bool:
    return any(
        organization.is_within(m.organization)
        for m in managing_memberships(actor)
        if m.role in (Role.ADMIN, Role.HR_BUREAU, Role.DEPARTMENT_REVIEWER)
    )


@transaction.atomic
def grant_role(*, actor: User | None, user: User, organization: Organization, role: str) -> Membership:
    if role not in ROLE_ORGANIZATION_KINDS:
        raise ValidationError({"role": _("Unknown role.")})
    if organization.kind not in ROLE_ORGANIZATION_KINDS[role]:
        raise ValidationError(
            {"role": _("The role %(role)s cannot be held in a %(kind)s.") % {
                "role": Role(role).label, "kind": organization.get_kind_display()}}
        )
    if actor is not None and not can_grant_role(actor, organization, role):
        raise PermissionDenied(_("You cannot give this role in this organization."))
    reviewing = {Role.EMPLOYER_HR, Role.DEPARTMENT_REVIEWER, Role.JURY_OFFICE}
    holds = set(
        Membership.objects.filter(user=user, organization=organization, is_active=True)
        .values_list("role", flat=True)
    )
    if (role == Role.APPLICANT and holds & reviewing) or (role in reviewing and Role.APPLICANT in holds):
        raise ValidationError(
            {"role": _("An applicant may not hold a reviewing role in their own unit.")}
        )
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role,
        defaults={"created_by": actor if actor and actor.pk else None},
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return membership


@transaction.atomic
def create_account(*, actor: User | None, organization: Organization, role: str, username: str,
                   real_name: str, password: str | None = None, id_type: str = "resident_id",
                   id_number: str = "", phone: str = "", email: str = "") -> User:
    """Create a user and their first role. Without a password, the account gets an unusable
    one and must set it through the e-mailed link before signing in."""
    user = User(
        username=username.strip(), real_name=real_name.strip(), id_type=id_type,
        id_number=(id_number or "").strip().upper(), phone=phone.strip(), email=email.strip(),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.must_change_password = actor is not None
    user.full_clean()
    user.save()
    grant_role(actor=actor, user=user, organization=organization, role=role)
    return user
