from django import template

from notifications.selectors import unread_count_for

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The signed-in person's unread messages, for the link in the page header (one query,
    made only on pages that show it)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return unread_count_for(request)
