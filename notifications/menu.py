"""Every role's messages: the notification centre, under the person's own pages."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import PERSONAL, menu_entry

menu_entry(
    _("Messages"), "notifications:list", roles=tuple(Role.values), position=890, group=PERSONAL
)
