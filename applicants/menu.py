"""The menu entry of declarations."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import DECLARATIONS, menu_entry

menu_entry(
    _("Declarations"),
    "applicants:list",
    roles=tuple(role for role in Role.values if role != Role.EXPERT),
    position=20,
    group=DECLARATIONS,
)
