from django.urls import reverse

from accounts import second_factor
from core.menu import menu_items_for


def active_membership(request):
    """The acting role, the others the user may switch to, and the role's menu with the entry
    of the current page marked."""
    membership = getattr(request, "membership", None)
    # Someone who must first choose a password or pass the second factor can open no other
    # page: a menu would mislead.
    locked = bool(getattr(request, "password_change_due", None)) or bool(
        second_factor.pending_step(request)
    )
    menu = [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "heading": item.heading,
            "current": False,
        }
        for item in menu_items_for(None if locked else membership)
    ]
    # The entry whose address is the longest prefix of this page is the current one, so that a
    # declaration's detail page still marks "Declarations" and "/" does not match everything.
    matching = [
        entry
        for entry in menu
        if request.path == entry["url"]
        or (entry["url"] != "/" and request.path.startswith(entry["url"]))
    ]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["current"] = True
    return {
        "membership": membership,
        "other_memberships": [
            other for other in getattr(request, "memberships", []) if other != membership
        ],
        "menu": menu,
    }
