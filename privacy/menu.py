"""The menu entries of personal data: each person's own page, and the bureau's record."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import PERSONAL, SYSTEM, menu_entry

menu_entry(
    _("My personal data"), "privacy:my_data", roles=tuple(Role.values), position=900, group=PERSONAL
)
menu_entry(
    _("Data access record"),
    "privacy:access_log",
    roles=(Role.HR_BUREAU, Role.ADMIN),
    position=910,
    group=SYSTEM,
)
menu_entry(
    _("Erasure requests"),
    "privacy:erasure_requests",
    roles=(Role.HR_BUREAU, Role.ADMIN),
    position=920,
    group=SYSTEM,
)
