"""Who may see a job: the person who asked for it, and their colleagues in the same role at
the same organization (a unit's HR staff share their imports). Anyone else is told nothing."""

from django.db.models import Q, QuerySet

from accounts.models import Membership, Role
from jobs.models import Job


def visible_jobs(user) -> QuerySet[Job]:
    if not user.is_authenticated:
        return Job.objects.none()
    condition = Q(requested_by=user)
    for organization_id, role in (
        Membership.objects.filter(user=user, is_active=True)
        .exclude(role=Role.APPLICANT)
        .values_list("organization_id", "role")
    ):
        condition |= Q(organization_id=organization_id, role=role)
    return Job.objects.filter(condition).select_related("requested_by", "organization")


def own_jobs(user) -> QuerySet[Job]:
    return Job.objects.filter(requested_by=user).select_related("organization")
