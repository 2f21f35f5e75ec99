"""The menu entries of the jury stage."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import REVIEW, menu_entry

menu_entry(
    _("Review meetings"),
    "juries:meeting_list",
    roles=(Role.JURY_OFFICE, Role.HR_BUREAU),
    position=110,
    group=REVIEW,
)
menu_entry(
    _("Juries"),
    "juries:jury_list",
    roles=(Role.JURY_OFFICE, Role.HR_BUREAU),
    position=120,
    group=REVIEW,
)
menu_entry(
    _("Objections"), "juries:objection_list", roles=(Role.JURY_OFFICE,), position=130, group=REVIEW
)
menu_entry(_("My reviews"), "juries:expert_home", roles=(Role.EXPERT,), position=140, group=REVIEW)
menu_entry(
    _("My review results"), "juries:my_results", roles=(Role.APPLICANT,), position=150, group=REVIEW
)
