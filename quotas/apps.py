from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotasConfig(AppConfig):
    name = "quotas"
    verbose_name = _("Post quotas")

    def ready(self):
        # Joins the declaration's moves (its to-dos and checks are found by core/apps.py).
        from quotas import workflow_effects  # noqa: F401
