"""The menu entry of the audit-log screen (roles by their stored values: see audit/views.py)."""

from django.utils.translation import gettext_lazy as _

from audit.views import READING_ROLES
from core.menu import SYSTEM, menu_entry

menu_entry(_("Audit log"), "audit:audit_log", roles=READING_ROLES, position=905, group=SYSTEM)
