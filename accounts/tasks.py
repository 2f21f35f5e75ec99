from celery import shared_task

from accounts import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_activation_email(user_id: int, language: str | None = None) -> bool:
    return services.send_activation_email(user_id=user_id, language=language)
