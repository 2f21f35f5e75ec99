"""The menu entries of continuing education: one's own hours, or the claims to certify."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import DECLARATIONS, menu_entry

menu_entry(
    _("Continuing education"),
    "continuing_ed:mine",
    roles=(Role.APPLICANT,),
    position=70,
    group=DECLARATIONS,
)
menu_entry(
    _("Continuing education"),
    "continuing_ed:review",
    roles=(Role.EMPLOYER_HR, Role.HR_BUREAU, Role.ADMIN),
    position=80,
    group=DECLARATIONS,
)
