"""What post quotas put on home pages: the institution's audit form still to file or approve,
the forms waiting for the bureau's approval, and open quota flags."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Organization, Role
from core.todo import TodoItem, todo_provider
from quotas.models import PostData, QuotaFlag
from titles.models import EvaluationPlan


def _open_plan_years() -> list[int]:
    return sorted(
        set(
            EvaluationPlan.objects.filter(status=EvaluationPlan.Status.OPEN).values_list(
                "year", flat=True
            )
        )
    )


@todo_provider(Role.EMPLOYER_HR)
def institution_quota_items(membership):
    institution = membership.organization
    if institution.kind != Organization.Kind.PUBLIC_INSTITUTION:
        return
    approved_years = set(
        PostData.objects.filter(institution=institution, audit_form_approved=True).values_list(
            "year", flat=True
        )
    )
    for year in _open_plan_years():
        if year not in approved_years:
            yield TodoItem(
                title=_("Post-appointment audit form for %(year)s: not yet approved")
                % {"year": year},
                url=reverse("quotas:institution", args=[institution.pk]) + f"?year={year}",
            )
    flags = QuotaFlag.objects.filter(institution=institution, resolved_at__isnull=True).count()
    if flags:
        yield TodoItem(
            title=_("Post quota flags on your institution"),
            url=reverse("quotas:institution", args=[institution.pk]),
            count=flags,
        )


@todo_provider(Role.HR_BUREAU, Role.ADMIN)
def bureau_quota_items(membership):
    below = {"institution__path__startswith": membership.organization.path}
    waiting = (
        PostData.objects.filter(audit_form_approved=False, **below)
        .values("institution_id", "year")
        .distinct()
        .count()
    )
    if waiting:
        yield TodoItem(
            title=_("Post-appointment audit forms waiting for approval"),
            url=reverse("quotas:overview") + "?waiting=1",
            count=waiting,
        )
    flags = QuotaFlag.objects.filter(resolved_at__isnull=True, **below).count()
    if flags:
        yield TodoItem(
            title=_("Institutions flagged by the post quota check"),
            url=reverse("quotas:flags"),
            count=flags,
        )
