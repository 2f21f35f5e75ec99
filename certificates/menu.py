"""The menu entries of filing and certificates."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.menu import CERTIFICATES, menu_entry

menu_entry(
    _("Filing"),
    "certificates:filing_list",
    roles=(Role.JURY_OFFICE, Role.HR_BUREAU, Role.ADMIN),
    position=160,
    group=CERTIFICATES,
)
menu_entry(
    _("Certificates"),
    "certificates:list",
    roles=(Role.APPLICANT, Role.EMPLOYER_HR, Role.JURY_OFFICE, Role.HR_BUREAU, Role.ADMIN),
    position=170,
    group=CERTIFICATES,
)
