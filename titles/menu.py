"""The menu entries of the titles: the evaluation plans and the catalogue, for everyone; the
working-day calendar for the bureau and administrators, who read and enter it."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import PLANS, menu_entry

menu_entry(
    _("Evaluation plans"), "titles:plan_list", roles=tuple(Role.values), position=50, group=PLANS
)
menu_entry(
    _("Title catalogue"), "titles:catalogue", roles=tuple(Role.values), position=60, group=PLANS
)
menu_entry(
    _("Working-day calendar"),
    "titles:calendar_now",
    roles=(Role.HR_BUREAU, Role.ADMIN),
    position=65,
    group=PLANS,
)
