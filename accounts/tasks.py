from celery import shared_task

from accounts import passwords, services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_activation_email(user_id: int, language: str | None = None) -> bool:
    return services.send_activation_email(user_id=user_id, language=language)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset_email(
    user_id: int, language: str | None = None, requested_at: float | None = None
) -> bool:
    return passwords.email_password_reset_link(
        user_id=user_id, language=language, requested_at=requested_at
    )
