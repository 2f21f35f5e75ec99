"""The menu entries of post quotas."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import PLANS, menu_entry

menu_entry(
    _("Post quotas"),
    "quotas:overview",
    roles=(Role.EMPLOYER_HR, Role.DEPARTMENT_REVIEWER, Role.HR_BUREAU, Role.ADMIN),
    position=90,
    group=PLANS,
)
menu_entry(
    _("Quota flags"), "quotas:flags", roles=(Role.HR_BUREAU, Role.ADMIN), position=100, group=PLANS
)
