from notifications.models import Notification

UNREAD_COUNT_ON_REQUEST = "_unread_notification_count"


def notifications_of(user, *, unread_only: bool = False):
    """The person's messages, newest first."""
    notifications = Notification.objects.filter(recipient=user)
    return notifications.filter(read_at__isnull=True) if unread_only else notifications


def recent_notifications(user, limit=10):
    return notifications_of(user)[:limit]


def unread_count(user) -> int:
    return notifications_of(user, unread_only=True).count()


def unread_count_for(request) -> int:
    """The signed-in person's unread count, counted once per request: the header shows it on
    every page, and the home page and the notification centre again."""
    if not hasattr(request, UNREAD_COUNT_ON_REQUEST):
        setattr(request, UNREAD_COUNT_ON_REQUEST, unread_count(request.user))
    return getattr(request, UNREAD_COUNT_ON_REQUEST)
