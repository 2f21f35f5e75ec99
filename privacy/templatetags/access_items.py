from django import template

from audit.access_log import item_label

register = template.Library()


@register.filter
def access_item(item: str) -> str:
    """A recorded view's item in the reader's language (audit/access_log.py ITEM_SHAPES)."""
    return item_label(item)
