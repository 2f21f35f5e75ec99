from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organizations")

    def ready(self):
        from accounts import language, second_factor, security_events, session_policy  # noqa: F401  (signal receivers)
