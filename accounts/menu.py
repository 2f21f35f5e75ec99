"""The menu entries of accounts: the home page, and the management of organizations and
applicant accounts."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import DECLARATIONS, START, SYSTEM, menu_entry

ALL_ROLES = tuple(Role.values)

menu_entry(_("Home"), "home", roles=ALL_ROLES, position=10, group=START)
menu_entry(
    _("Organizations"),
    "manage:organizations",
    roles=(Role.ADMIN, Role.HR_BUREAU, Role.DEPARTMENT_REVIEWER),
    position=30,
    group=SYSTEM,
)
menu_entry(
    _("Applicant accounts"),
    "manage:applicants",
    roles=(Role.EMPLOYER_HR,),
    position=40,
    group=DECLARATIONS,
)
