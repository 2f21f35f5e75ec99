from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotasConfig(AppConfig):
    name = "quotas"
    verbose_name = _("Post quotas")

    def ready(self):
        from quotas import eligibility_checks, todo, workflow_effects  # noqa: F401
