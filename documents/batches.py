"""Which evaluation forms a role prints in one batch: a unit's HR staff the declarations of
their unit in a plan, the jury office and the HR bureau the candidates of a review meeting
they see. Asked when the batch page lists them and again when the job runs."""

from django.db.models import Count, Q, QuerySet

from accounts.models import Membership, Role
from applicants.models import Declaration
from applicants.permissions import declarations_for_membership
from documents.evaluation_form import evaluation_form_declarations
from juries.models import ReviewMeeting
from juries.selectors import visible_meetings
from titles.models import EvaluationPlan

# The HR bureau is the unit of the freelancers declaring through it.
UNIT_ROLES = (Role.EMPLOYER_HR, Role.HR_BUREAU)
MEETING_ROLES = (Role.JURY_OFFICE, Role.HR_BUREAU)


def unit_declarations(membership: Membership | None) -> QuerySet[Declaration]:
    """The declarations submitted to the membership's own unit."""
    if membership is None or membership.role not in UNIT_ROLES:
        return Declaration.objects.none()
    return declarations_for_membership(membership).filter(
        employer_id=membership.organization_id, submitted_at__isnull=False
    )


def unit_plans(membership: Membership | None) -> QuerySet[EvaluationPlan]:
    """The plans the unit has declarations in, each with `form_count`."""
    declarations = unit_declarations(membership)
    return (
        EvaluationPlan.objects.filter(pk__in=declarations.values("plan_id"))
        .annotate(
            form_count=Count("declarations", filter=Q(declarations__in=declarations.values("pk")))
        )
        .order_by("-year", "name")
    )


def unit_batch(user, membership: Membership | None, plan_id) -> QuerySet[Declaration]:
    chosen = unit_declarations(membership).filter(plan_id=plan_id)
    return (
        evaluation_form_declarations(user)
        .filter(pk__in=chosen.values("pk"))
        .order_by("applicant__real_name", "pk")
    )


def batch_meetings(user, membership: Membership | None) -> QuerySet[ReviewMeeting]:
    if membership is None or membership.role not in MEETING_ROLES:
        return ReviewMeeting.objects.none()
    return visible_meetings(user).filter(candidate_count__gt=0).order_by("-held_on", "-pk")


def meeting_batch(user, meeting: ReviewMeeting) -> QuerySet[Declaration]:
    return (
        evaluation_form_declarations(user)
        .filter(pk__in=meeting.candidates.values("declaration_id"))
        .order_by("specialty__code", "applicant__real_name", "pk")
    )
