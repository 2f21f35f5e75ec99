"""Reads for organizations and accounts, scoped to what the reader may see: the subtrees below
the organizations where they hold a bureau, department or administrator role, and their own
unit for employer HR staff. Superusers see everything."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import Membership, Organization, Role, User

# Holders of these roles see and manage everything below their organization.
SUBTREE_ROLES = (Role.ADMIN, Role.HR_BUREAU, Role.DEPARTMENT_REVIEWER)
# Holders of these roles see and manage their own organization only.
OWN_UNIT_ROLES = (Role.EMPLOYER_HR,)


def active_memberships(user, roles=None) -> list[Membership]:
    """The user's active roles (those in `roles` when given) with their organizations: on a
    signed-in page, those the request read when it began (accounts/middleware.py), so that
    its checks read none again."""
    if user is None or not user.is_authenticated:
        return []
    read = getattr(user, "memberships_of_this_request", None)
    memberships = list(read) if read is not None else read_active_memberships(user)
    if roles is None:
        return memberships
    return [membership for membership in memberships if membership.role in roles]


def _active(user_id) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user_id, is_active=True).order_by("pk")


def read_active_memberships(user) -> list[Membership]:
    return list(_active(user.pk).select_related("organization"))


def active_memberships_with_person(user_id) -> list[Membership]:
    """The active roles of a person, each carrying the person (one `User` for all) and the
    organization, in one query; empty when they hold none."""
    memberships = list(_active(user_id).select_related("user", "organization"))
    for membership in memberships[1:]:
        membership.user = memberships[0].user
    return memberships


def managing_memberships(actor: User) -> QuerySet[Membership]:
    if not actor.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(
        user=actor, is_active=True, role__in=(*SUBTREE_ROLES, *OWN_UNIT_ROLES)
    ).select_related("organization")


def _visibility_filter(actor: User, subtree_roles=SUBTREE_ROLES) -> Q | None:
    """None means "everything"; an empty Q() would also mean everything, so "nothing" is a
    filter that matches no row."""
    if actor.is_superuser:
        return None
    condition = Q(pk__in=[])
    for membership in managing_memberships(actor):
        if membership.role in subtree_roles:
            condition |= Q(path__startswith=membership.organization.path)
        elif membership.role in OWN_UNIT_ROLES:
            condition |= Q(pk=membership.organization_id)
    return condition


def visible_organizations(actor: User) -> QuerySet[Organization]:
    organizations = Organization.objects.select_related("parent")
    condition = _visibility_filter(actor)
    return organizations if condition is None else organizations.filter(condition)


def organizations_for_new_children(actor: User) -> QuerySet[Organization]:
    """The organizations the actor may create organizations under: those in the subtree of
    a bureau, department or administrator role whose kind takes a child the role may create."""
    from accounts.permissions import CHILD_KINDS, CREATABLE_KINDS

    def parent_kinds(role):
        return [
            kind
            for kind, children in CHILD_KINDS.items()
            if set(children) & set(CREATABLE_KINDS[role])
        ]

    organizations = Organization.objects.select_related("parent")
    if actor.is_superuser:
        return organizations.filter(kind__in=parent_kinds(Role.ADMIN))
    condition = Q(pk__in=[])
    for membership in managing_memberships(actor):
        if membership.role in CREATABLE_KINDS:
            condition |= Q(
                path__startswith=membership.organization.path,
                kind__in=parent_kinds(membership.role),
            )
    return organizations.filter(condition)


def visible_accounts(actor: User) -> QuerySet[User]:
    """Users holding a membership in an organization the actor sees, each with
    `visible_memberships`: only those memberships, so a manager never learns where else a
    person works."""
    memberships = Membership.objects.filter(
        organization__in=visible_organizations(actor).values("pk")
    )
    return (
        User.objects.filter(Exists(memberships.filter(user=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=memberships.select_related("organization").order_by("pk"),
                to_attr="visible_memberships",
            )
        )
        .order_by("real_name", "pk")
    )


def organization_staff(organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user", "created_by")
        .order_by("role", "user__real_name", "pk")
    )


def unit_applicants(organization: Organization) -> QuerySet[User]:
    """The applicants of one employer unit, newest first."""
    return User.objects.filter(
        Exists(
            Membership.objects.filter(
                user=OuterRef("pk"), organization=organization, role=Role.APPLICANT
            )
        )
    ).order_by("-date_joined", "-pk")


def user_with_memberships(user: User) -> User:
    """The user with all their memberships, for showing themself who they are."""
    return User.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organization").order_by(
                "organization__path", "role"
            ),
        )
    ).get(pk=user.pk)


def own_unit(user: User) -> Organization | None:
    """The unit where the user is employer HR, when there is exactly one."""
    units = [m.organization for m in managing_memberships(user) if m.role in OWN_UNIT_ROLES]
    return units[0] if len(units) == 1 else None


def organization_tree(actor: User) -> list[tuple[Organization, int]]:
    """The visible organizations in tree order, each with its depth below the reader's
    topmost visible organization, for an indented list."""
    organizations = list(visible_organizations(actor).order_by("path"))
    if not organizations:
        return []
    top = min(organization.depth for organization in organizations)
    return [(organization, organization.depth - top) for organization in organizations]


def users_with_id_number(value: str) -> QuerySet[User]:
    """The accounts whose ID document number is `value`, whole: the one exact look-up of an
    ID number (an encrypted number is found through its digest)."""
    from core.encrypted_fields import matching

    return User.objects.filter(matching(User, "id_number", value))
