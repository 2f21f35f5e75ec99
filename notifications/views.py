"""Marking messages read, from the home page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from notifications.services import mark_read


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
