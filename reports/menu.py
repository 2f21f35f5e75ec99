"""The menu entry of the statistics."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import REPORTS, menu_entry

menu_entry(
    _("Statistics"),
    "reports:overview",
    roles=(Role.HR_BUREAU, Role.ADMIN, Role.JURY_OFFICE),
    position=180,
    group=REPORTS,
)
