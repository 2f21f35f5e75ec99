from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "juries"
    verbose_name = _("Juries and experts")

    def ready(self):
        # Registers the home-page to-dos, who presides over a meeting for pass/fail, and
        # whether a plan's jury may review it (with the plan's validation).
        from juries import plan_checks, todo, workflow_roles  # noqa: F401
