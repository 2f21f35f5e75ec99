from notifications.models import Notification


def recent_notifications(user, limit=10):
    return Notification.objects.filter(recipient=user)[:limit]


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
