"""The menu entries of the titles: the evaluation plans and the catalogue, for everyone."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import menu_entry

menu_entry(_("Evaluation plans"), "titles:plan_list", roles=tuple(Role.values), position=50)
menu_entry(_("Title catalogue"), "titles:catalogue", roles=tuple(Role.values), position=60)
