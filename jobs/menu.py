"""The menu entry of the background imports and exports."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import REPORTS, menu_entry

menu_entry(
    _("Imports and exports"),
    "jobs:list",
    roles=(Role.EMPLOYER_HR, Role.JURY_OFFICE, Role.HR_BUREAU, Role.ADMIN),
    position=190,
    group=REPORTS,
)
