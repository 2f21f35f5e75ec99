"""The catalogue and the plans in the browser (the working-day calendar's pages are in
titles/calendar_views.py). The rules are in titles.services; these pages ask, call one
service and show."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.pages import act, form_page
from titles import selectors, services
from titles.forms import PlanForm
from titles.models import EvaluationPlan
from titles.permissions import acts_as_bureau, manages_plan_here
from titles.services import FIELDS_FIXED_ONCE_PUBLISHED, PLAN_FIELDS
from titles.stage_counts import stage_counts
from titles.working_days import calendar_is_known, working_days_left

DEADLINES = (
    ("declaration_closes", gettext_lazy("Declarations close")),
    ("unit_recommendation_deadline", gettext_lazy("Unit recommendation deadline")),
    ("qualification_check_deadline", gettext_lazy("Qualification check deadline")),
)


@login_required
def catalogue(request):
    year = timezone.localdate().year
    return render(
        request,
        "titles/catalogue.html",
        {"series_list": selectors.catalogue(year), "year": year},
    )


@login_required
def plan_list(request):
    today = timezone.localdate()
    plans = list(selectors.plans_visible_to(request.membership))
    for plan in plans:
        plan.days_to_close = working_days_left(plan.declaration_closes, today)
    return render(
        request,
        "titles/plan_list.html",
        {"plans": plans, "can_create": acts_as_bureau(request.user, request.membership)},
    )


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(selectors.plans_visible_to(request.membership), pk=pk)
    today = timezone.localdate()
    deadlines = [
        {
            "label": label,
            "date": getattr(plan, field),
            "days_left": working_days_left(getattr(plan, field), today),
        }
        for field, label in DEADLINES
    ]
    years = {plan.declaration_opens.year, plan.qualification_check_deadline.year}
    can_manage = manages_plan_here(request.user, request.membership, plan)
    return render(
        request,
        "titles/plan_detail.html",
        {
            "plan": plan,
            "deadlines": deadlines,
            "unknown_years": sorted(year for year in years if not calendar_is_known(year)),
            "can_manage": can_manage,
            # The bureau managing the plan sees all of its declarations, so the counts are its.
            "stages": stage_counts(plan) if can_manage else None,
            "Status": EvaluationPlan.Status,
        },
    )


@login_required
def plan_create(request):
    if not acts_as_bureau(request.user, request.membership):
        raise PermissionDenied(_("Only HR bureau staff create evaluation plans."))
    form = PlanForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        "titles/plan_form.html",
        {"plan": None},
        form=form,
        action=lambda: services.create_plan(actor=request.user, **form.cleaned_data),
        success=_("The plan has been saved as a draft."),
        then=lambda created: reverse("titles:plan_detail", kwargs={"pk": created.pk}),
    )


@login_required
def plan_edit(request, pk):
    plan = get_object_or_404(selectors.plans_visible_to(request.membership), pk=pk)
    if not manages_plan_here(request.user, request.membership, plan):
        raise PermissionDenied(_("Only HR bureau staff of the organizing body change its plans."))
    initial = {field: getattr(plan, field) for field in PLAN_FIELDS}
    initial["titles"] = list(plan.titles.all())
    form = PlanForm(request.POST or None, actor=request.user, initial=initial)
    if plan.status != EvaluationPlan.Status.DRAFT:
        for field in FIELDS_FIXED_ONCE_PUBLISHED:
            form.fields[field].disabled = True
    return form_page(
        request,
        "titles/plan_form.html",
        {"plan": plan},
        form=form,
        action=lambda: services.update_plan(actor=request.user, plan=plan, **form.cleaned_data),
        success=_("The plan has been saved."),
        then=reverse("titles:plan_detail", kwargs={"pk": plan.pk}),
    )


TRANSITIONS = {
    "open": (services.open_plan, gettext_lazy("The plan is open for declarations.")),
    "close": (services.close_plan, gettext_lazy("Declarations for this plan are closed.")),
    "finish": (services.finish_plan, gettext_lazy("The plan is finished.")),
}


@login_required
@require_POST
def plan_transition(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    plan = get_object_or_404(selectors.plans_visible_to(request.membership), pk=pk)
    service, done = TRANSITIONS[action]
    return act(
        request,
        lambda: service(actor=request.user, plan=plan),
        success=done,
        then=reverse("titles:plan_detail", kwargs={"pk": plan.pk}),
    )
