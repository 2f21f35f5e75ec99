"""What the titles add to the home page: the plans of the running cycle, which give every
role its bearings even with nothing to do, and the working-day calendar the to-do list counts
its days left with."""

from core.home import MAIN, home_panel
from core.todo import count_days_left_with
from titles.models import EvaluationPlan
from titles.selectors import plans_visible_to
from titles.working_days import working_days_left

CURRENT_PLANS = 3

count_days_left_with(working_days_left)


@home_panel("titles/_home_plans.html", column=MAIN, position=20)
def current_plans(request):
    plans = list(
        plans_visible_to(request.membership)
        .exclude(status=EvaluationPlan.Status.FINISHED)
        # The panel shows the plans' own names, dates and status only.
        .select_related(None)
        .prefetch_related(None)[:CURRENT_PLANS]
    )
    return {"plans": plans} if plans else None
