import time

import pytest
from django.core import mail

from config.celery import app as celery_app
from notifications.services import notify


def wait_until_emailed(notification, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.emailed_at:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_notification_is_emailed_once_by_a_real_worker_through_redis(demo, real_celery_worker):
    applicant = demo["users"]["applicant"]

    [notification] = notify([applicant], subject="材料已退回", body="请补正")

    assert wait_until_emailed(notification)
    assert [message.to for message in mail.outbox] == [[applicant.email]]
    assert mail.outbox[0].subject == "材料已退回"

    # A redelivered task finds the notification already e-mailed and sends nothing.
    redelivered = celery_app.send_task(
        "notifications.tasks.email_notification", args=[notification.pk]
    )
    assert redelivered.get(timeout=30) is False
    assert len(mail.outbox) == 1


def test_cache_uses_redis_when_configured(requires_redis, settings):
    from django.core.cache import cache

    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    cache.set("zhicheng-probe", "ok", 5)
    assert cache.get("zhicheng-probe") == "ok"
