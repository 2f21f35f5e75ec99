"""The menu of each role: (label, url name, roles). Apps add their own entries here."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role

ALL_ROLES = tuple(Role.values)

NAV_ITEMS = [
    (_("Home"), "home", ALL_ROLES),
]


def navigation_for(membership):
    if membership is None:
        return []
    return [(label, url_name) for label, url_name, roles in NAV_ITEMS if membership.role in roles]
