from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "juries"
    verbose_name = _("Juries and experts")

    def ready(self):
        # Registers the home-page to-dos, who presides over a meeting for pass/fail, whether
        # a plan's jury may review it (with the plan's validation), and the list's move of
        # many onto a meeting's roster.
        from juries import bulk_roster, plan_checks, todo, workflow_roles  # noqa: F401
