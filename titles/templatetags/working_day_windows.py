"""Windows and deadlines shown the one way: “from … to … (N working days)”.

{% load working_day_windows %}
{% working_window publicity.starts_on publicity.ends_on publicity.working_days %}
{% working_window notice.issued_at notice.deadline %}  {# counts the working days #}
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

from titles.working_days import describe_days_window, describe_window

register = template.Library()


def _day(value) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


@register.simple_tag
def working_window(start, end, days=None) -> str:
    """The window from `start` through `end`; `days` when it is stored with the window,
    counted by the calendar otherwise."""
    if not start or not end:
        return ""
    start, end = _day(start), _day(end)
    if days is None:
        return describe_days_window(start, end)
    return describe_window(start, end, days)
