"""The notification centre (every message of the signed-in person, marking them read, the
e-mail preference), and marking messages read from the home page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from core.pages import next_url
from notifications.forms import EmailPreferenceForm
from notifications.selectors import notifications_of, unread_count_for
from notifications.services import mark_all_read, mark_read, set_email_preference

PAGE_SIZE = 20
UNREAD = "unread"


def _chosen_ids(values) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _say_marked(request, marked: int) -> None:
    messages.success(
        request,
        ngettext("%(count)d message marked as read.", "%(count)d messages marked as read.", marked)
        % {"count": marked},
    )


@require_POST
@login_required
def mark_notifications_read(request):
    marked = mark_read(request.user, _chosen_ids(request.POST.getlist("notification")))
    if marked:
        _say_marked(request, marked)
    return redirect("home")


@require_GET
@login_required
def notification_centre(request):
    unread_only = request.GET.get("show") == UNREAD
    page = Paginator(notifications_of(request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/centre.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread_count": unread_count_for(request),
            "email_form": EmailPreferenceForm(
                initial={"email_notifications": request.user.email_notifications}
            ),
        },
    )


@require_GET
@login_required
def open_notification(request, pk):
    """A message's link: following it marks the message read, then leads to its item."""
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    mark_read(request.user, [notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_read_in_centre(request):
    """One form on the centre's page: a row's own button (`one`), the ticked rows, or all."""
    if "all" in request.POST:
        marked = mark_all_read(request.user)
    elif request.POST.get("one", "").isdigit():
        marked = mark_read(request.user, [int(request.POST["one"])])
    else:
        chosen = _chosen_ids(request.POST.getlist("notification"))
        if not chosen:
            messages.error(request, _("Tick the messages to mark as read first."))
        marked = mark_read(request.user, chosen) if chosen else 0
    if marked:
        _say_marked(request, marked)
    return redirect(next_url(request, reverse("notifications:list")))


@require_POST
@login_required
def email_preference(request):
    form = EmailPreferenceForm(request.POST)
    if form.is_valid():
        enabled = form.cleaned_data["email_notifications"]
        set_email_preference(request.user, enabled=enabled)
        messages.success(
            request,
            _("Your messages will also be e-mailed to you.")
            if enabled
            else _("Your messages will no longer be e-mailed to you."),
        )
    return redirect("notifications:list")
