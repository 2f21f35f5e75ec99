"""Who may see a job: the person who asked for it, and their colleagues in the same role at
the same organization (a unit's HR staff share their imports). Anyone else is told nothing."""

from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.selectors import active_memberships
from jobs.models import Job


def visible_jobs(user) -> QuerySet[Job]:
    if not user.is_authenticated:
        return Job.objects.none()
    condition = Q(requested_by=user)
    for membership in active_memberships(user):
        if membership.role != Role.APPLICANT:
            condition |= Q(organization_id=membership.organization_id, role=membership.role)
    return Job.objects.filter(condition).select_related("requested_by", "organization")


def own_jobs(user) -> QuerySet[Job]:
    return Job.objects.filter(requested_by=user).select_related("organization")
