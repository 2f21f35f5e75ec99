from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = _("Declarations")

    def ready(self):
        from applicants import eligibility_checks, todo  # noqa: F401 - registers checks and to-dos
