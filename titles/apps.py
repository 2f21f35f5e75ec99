from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "titles"
    verbose_name = _("Titles and evaluation plans")

    def ready(self):
        # Registers the home-page to-do providers and the calendar cache's signal handlers.
        from titles import todo, working_days  # noqa: F401
