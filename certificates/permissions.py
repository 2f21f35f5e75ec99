"""Who acts on filings and certificates, decided on the organization tree: the office of the
meeting's jury submits; an HR bureau at or above the plan's organizer decides, issues,
revokes and reissues; the holder sees their own certificates."""

from django.db.models import Q, QuerySet

from accounts.models import Membership, Role
from accounts.permissions import NATIONAL_FILING, id_number_membership
from accounts.selectors import active_memberships
from certificates.models import Certificate

# The roles whose certificate list offers the certificate information table.
EXPORTING_ROLES = (Role.HR_BUREAU, Role.ADMIN, Role.JURY_OFFICE)


def office_membership(actor, meeting) -> Membership | None:
    return next(
        (
            membership
            for membership in active_memberships(actor, (Role.JURY_OFFICE,))
            if membership.organization_id == meeting.jury.office_id
        ),
        None,
    )


def bureau_membership(actor, plan) -> Membership | None:
    """The actor's HR bureau role over the plan's organizer, the nearest bureau first."""
    memberships = [
        membership
        for membership in active_memberships(actor, (Role.HR_BUREAU,))
        if plan.organizer.is_within(membership.organization)
    ]
    return max(memberships, key=lambda m: len(m.organization.path), default=None)


def managed_certificates(user) -> QuerySet[Certificate]:
    """The certificates the user may revoke or reissue: those under their HR bureau."""
    if user.is_superuser:
        return Certificate.objects.all()
    condition = Q(pk__in=[])
    for membership in active_memberships(user, (Role.HR_BUREAU,)):
        below = membership.organization.path
        condition |= Q(filing__meeting__plan__organizer__path__startswith=below)
    return Certificate.objects.filter(condition)


def may_manage_certificate(user, certificate: Certificate) -> bool:
    return managed_certificates(user).filter(pk=certificate.pk).exists()


def sees_lookups(user, certificate: Certificate, *, manages: bool | None = None) -> bool:
    """Who looked a certificate up is for its holder and its bureau only."""
    if certificate.holder_id == user.pk:
        return True
    return may_manage_certificate(user, certificate) if manages is None else manages


def offers_export(membership: Membership | None) -> bool:
    """The certificate list offers the information table to the role acting on it."""
    return membership is not None and membership.role in EXPORTING_ROLES


# --- whole ID numbers ----------------------------------------------------------------------


def _under_bureau(membership) -> Q:
    """The certificates of plans organized at or below the membership's bureau."""
    return Q(filing__meeting__plan__organizer__path__startswith=membership.organization.path)


def holder_id_membership(user, memberships, certificate: Certificate) -> Membership | None:
    """Which of `memberships` lets `user` see the holder's whole ID number: an HR bureau at or
    above the plan's organizer, for the national filing (accounts ID_NUMBER_PURPOSES)."""
    return id_number_membership(
        user,
        memberships,
        NATIONAL_FILING,
        within=lambda membership: Certificate.objects.filter(
            _under_bureau(membership), pk=certificate.pk
        ).exists(),
    )


def may_reveal_holder_id(user, membership, certificate: Certificate) -> bool:
    return certificate.holder_id == getattr(user, "pk", None) or (
        holder_id_membership(user, [membership], certificate) is not None
    )


def table_id_number_membership(user, memberships) -> Membership | None:
    """Which of `memberships` lets `user` export the certificate information table with
    whole ID numbers (those of their bureau's certificates: `full_id_number_certificates`)."""
    return id_number_membership(user, memberships, NATIONAL_FILING, within=lambda m: True)


def full_id_number_certificates(membership) -> QuerySet[Certificate]:
    """The certificates whose holders' whole ID numbers go into that role's table."""
    return Certificate.objects.filter(_under_bureau(membership))
