"""The person's latest messages, beside the to-do list on the home page."""

from core.home import SIDE, home_panel
from notifications.selectors import recent_notifications, unread_count_for

RECENT_NOTIFICATIONS = 5


@home_panel("notifications/_home_messages.html", column=SIDE, position=10)
def latest_messages(request):
    notifications = list(recent_notifications(request.user, limit=RECENT_NOTIFICATIONS))
    return {
        "notifications": notifications,
        "unread_count": unread_count_for(request),
        "unread_shown_ids": [n.pk for n in notifications if n.read_at is None],
    }
