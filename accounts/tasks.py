from celery import shared_task

from accounts import passwords, services
from core.background import RETRY_ON_MAIL_OUTAGE


@shared_task(**RETRY_ON_MAIL_OUTAGE)
def send_activation_email(user_id: int, language: str | None = None) -> bool:
    return services.send_activation_email(user_id=user_id, language=language)


@shared_task(**RETRY_ON_MAIL_OUTAGE)
def send_password_reset_email(
    user_id: int, language: str | None = None, requested_at: float | None = None
) -> bool:
    return passwords.email_password_reset_link(
        user_id=user_id, language=language, requested_at=requested_at
    )
