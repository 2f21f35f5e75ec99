"""The menu entries of personal data: each person's own page, and the bureau's record."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import menu_entry

menu_entry(_("My personal data"), "privacy:my_data", roles=tuple(Role.values), position=900)
menu_entry(
    _("Data access record"),
    "privacy:access_log",
    roles=(Role.HR_BUREAU, Role.ADMIN),
    position=910,
)
menu_entry(
    _("Erasure requests"),
    "privacy:erasure_requests",
    roles=(Role.HR_BUREAU, Role.ADMIN),
    position=920,
)
