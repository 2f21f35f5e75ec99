from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

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
    # The labels are lazy translations: each is translated once here, not at every use in
    # the template (its grouping compares the headings over and over).
    menu = [
        {
            "label": str(item.label),
            "url": _address(
                item.url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
            ),
            "heading": str(item.heading),
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


@lru_cache(maxsize=512)
def _address(url_name: str, script_prefix: str, urlconf: str) -> str:
    """A menu page's address: the same for every request under one script prefix and URLconf,
    so reversed once per process instead of on every page."""
    return reverse(url_name, urlconf=urlconf)
