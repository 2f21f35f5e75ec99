"""Who certifies continuing education for whom, publishes courses and sets how long exams
stay valid, used by the services, the imports, the pages and the API alike.

Employer HR staff certify for the people declaring from their unit; HR bureaus and
administrators for the units below them; the HR staff of an organization that offers a course
for that course. Nobody certifies their own hours."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, Role, User
from accounts.selectors import active_memberships

CERTIFYING_ROLES = (Role.EMPLOYER_HR, Role.HR_BUREAU, Role.ADMIN)
# Roles that set how long a passed exam counts.
VALIDITY_ROLES = (Role.HR_BUREAU, Role.ADMIN)


def certifying_memberships(actor: User) -> list[Membership]:
    return active_memberships(actor, CERTIFYING_ROLES)


def provider_organization_ids(actor: User) -> list[int]:
    """The organizations the actor may publish courses and certify hours for."""
    return [m.organization_id for m in certifying_memberships(actor)]


def is_certifier(actor: User) -> bool:
    return actor.is_superuser or bool(certifying_memberships(actor))


def require_certifier(actor: User) -> None:
    if not is_certifier(actor):
        raise PermissionDenied(_("Only employer HR staff and HR bureaus import records."))


def can_publish_course(actor: User, provider_organization: Organization | None) -> bool:
    """Certifiers publish courses, for their own organization when they name one."""
    if actor.is_superuser:
        return True
    ids = provider_organization_ids(actor)
    return bool(ids) and (provider_organization is None or provider_organization.pk in ids)


def can_set_exam_validity(actor: User) -> bool:
    return (
        actor.is_superuser
        or actor.memberships.filter(is_active=True, role__in=VALIDITY_ROLES).exists()
    )


class Certifier:
    """Who may certify for whom, worked out once per actor so that a bulk import checks ten
    thousand people without a query each."""

    def __init__(self, actor: User):
        self.actor = actor
        self.memberships = certifying_memberships(actor)

    def organization_for(
        self, person_units: list[Organization], provider_organization_id: int | None = None
    ) -> Organization | None:
        """The organization on whose behalf the actor decides for a person working in
        `person_units`, or None when the actor may not."""
        for membership in self.memberships:
            if provider_organization_id == membership.organization_id:
                return membership.organization
            for unit in person_units:
                if membership.role == Role.EMPLOYER_HR:
                    if unit.pk == membership.organization_id:
                        return membership.organization
                elif unit.is_within(membership.organization):
                    return membership.organization
        return None

    def may_certify(self, person: User, provider_organization_id: int | None = None) -> bool:
        if person.pk == self.actor.pk:
            return False
        if self.actor.is_superuser:
            return True
        units = person_units(person)
        return self.organization_for(units, provider_organization_id) is not None

    def deciding_organization(
        self, person: User, provider_organization_id: int | None = None
    ) -> Organization | None:
        return self.organization_for(person_units(person), provider_organization_id)


def person_units(person: User) -> list[Organization]:
    return [
        m.organization
        for m in Membership.objects.filter(
            user=person, role=Role.APPLICANT, is_active=True
        ).select_related("organization")
    ]
