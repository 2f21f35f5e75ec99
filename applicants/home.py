"""What the declarations add to the home page: the applicant's way into their next
declaration, while a plan they may declare in is open."""

from accounts.models import Role
from applicants.models import Declaration
from core.home import TOP, home_panel
from titles.models import EvaluationPlan
from titles.selectors import plans_visible_to


@home_panel("applicants/_home_start_declaration.html", column=TOP, position=10)
def start_a_declaration(request):
    """The open plans the applicant has no declaration in: the ones create_declaration
    accepts (a withdrawn declaration leaves the plan free)."""
    membership = request.membership
    if membership is None or membership.role != Role.APPLICANT:
        return None
    declared = (
        Declaration.objects.filter(applicant_id=membership.user_id)
        .exclude(status=Declaration.Status.WITHDRAWN)
        .values("plan_id")
    )
    plans = list(
        plans_visible_to(membership)
        .filter(status=EvaluationPlan.Status.OPEN)
        .exclude(pk__in=declared)
        .prefetch_related(None)
    )
    return {"plans": plans} if plans else None
