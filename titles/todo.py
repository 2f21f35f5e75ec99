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

# The State Council publishes the next year's holidays around November: from this day on the
# bureau is asked for the next year's calendar too.
NEXT_YEAR_WARNING_FROM = (11, 1)  # (month, day)


def calendar_years_to_enter(today: date) -> list[int]:
    """This year, and from 1 November the next one, while nobody knows their holidays: until
    then no window or deadline can be counted into them."""
    years = [today.year]
    if (today.month, today.day) >= NEXT_YEAR_WARNING_FROM:
        years.append(today.year + 1)
    return [year for year in years if not calendar_is_known(year)]


@todo_provider(Role.HR_BUREAU, Role.ADMIN)
def calendar_gaps(membership):
    today = timezone.localdate()
    for year in calendar_years_to_enter(today):
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
