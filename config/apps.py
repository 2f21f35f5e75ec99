import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("config")


class ConfigAppConfig(AppConfig):
    name = "config"
    verbose_name = "Configuration"

    def ready(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.info(
                "CELERY_BROKER_URL and REDIS_URL are unset: Celery tasks run in-process (eager)."
            )
