"""To-do items of the titles app on the home pages."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role
from core.todo import TodoItem, todo_provider
from titles.selectors import draft_plans_due
from titles.working_days import calendar_is_known


@todo_provider(Role.HR_BUREAU, Role.ADMIN)
def calendar_gaps(membership):
    """Without the year's holidays, every weekday counts as a working day and publicity
    windows run short; next year's plans need them before they open."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        if not calendar_is_known(year):
            yield TodoItem(
                title=_("The calendar for %(year)s needs its holidays") % {"year": year},
                url=reverse("titles:calendar", args=[year]),
                due=date(year, 1, 1) if year > today.year else None,
            )


@todo_provider(Role.HR_BUREAU, Role.ADMIN)
def draft_plans(membership):
    for plan in draft_plans_due(membership):
        yield TodoItem(
            title=_("Plan “%(plan)s” is still a draft; declarations open on %(date)s")
            % {"plan": plan.name, "date": date_format(plan.declaration_opens)},
            url=reverse("titles:plan_detail", args=[plan.pk]),
            due=plan.declaration_opens,
        )
