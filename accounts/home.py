"""The home page: what is waiting for the person in the role they act in, and their latest
messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.todo import todo_items
from notifications.selectors import recent_notifications, unread_count
from notifications.services import mark_read
from titles.models import EvaluationPlan
from titles.selectors import plans_visible_to
from titles.working_days import working_days_left

RECENT_NOTIFICATIONS = 5
CURRENT_PLANS = 3


@login_required
def home(request):
    todo = []
    for item in todo_items(request.membership):
        days_left = working_days_left(item.due) if item.due else None
        overdue_by = -days_left if days_left is not None and days_left < 0 else 0
        todo.append({"item": item, "days_left": days_left, "overdue_by": overdue_by})
    notifications = list(recent_notifications(request.user, limit=RECENT_NOTIFICATIONS))
    # The plans of the running cycle give every role its bearings, even with nothing to do.
    plans = plans_visible_to(request.membership).exclude(status=EvaluationPlan.Status.FINISHED)
    return render(
        request,
        "accounts/home.html",
        {
            "todo": todo,
            "notifications": notifications,
            "plans": plans[:CURRENT_PLANS],
            "unread_count": unread_count(request.user),
            "unread_shown_ids": [n.pk for n in notifications if n.read_at is None],
        },
    )


@require_POST
@login_required
def mark_notifications_read(request):
    ids = [value for value in request.POST.getlist("notification") if value.isdigit()]
    marked = mark_read(request.user, [int(value) for value in ids])
    if marked:
        messages.success(
            request,
            ngettext(
                "%(count)d message marked as read.", "%(count)d messages marked as read.", marked
            )
            % {"count": marked},
        )
    return redirect("home")
