from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContinuingEdConfig(AppConfig):
    name = "continuing_ed"
    verbose_name = _("Continuing education")
