from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "titles"
    verbose_name = _("Titles and evaluation plans")

    def ready(self):
        # The calendar cache's signal handlers (its to-dos are found by core/apps.py).
        from titles import working_days  # noqa: F401
