"""The menu entry of the evaluation forms printed in batches."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import DECLARATIONS, menu_entry

menu_entry(
    _("Evaluation forms"),
    "documents:evaluation-forms",
    roles=(Role.EMPLOYER_HR, Role.JURY_OFFICE, Role.HR_BUREAU),
    position=80,
    group=DECLARATIONS,
)
