from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # Each app registers its kinds of job in its own jobs.py (see jobs/registry.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
