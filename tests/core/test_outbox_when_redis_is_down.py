"""Work asked for while the broker (Redis) is down is not lost and the person asking sees no
error: the task is written to the outbox in the same transaction, the page answers as usual
("will start shortly"), and the sweeper sends it once Redis answers again, when a real worker
runs it. Here on PostgreSQL and Redis: an import job started on its page, and an e-mail
asked for by a password reset, while the broker points at a port nobody listens on."""

import time

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Membership
from config.celery import app as celery_app
from core import outbox
from core.background import sweep_background_work
from core.models import OutboxMessage
from jobs.models import Job
from tests.accounts.conftest import applicant_row, xlsx_upload
from tests.celery_worker import celery_worker
from tests.core.outage import broker_down

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _pages_in_english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def broker(requires_postgres, tasks_on_redis):
    """Tasks wait on Redis until `celery_worker()` starts a real worker."""


def age_outbox():
    """The sweeper sends rows that have waited a little; these have."""
    OutboxMessage.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_an_import_started_while_redis_is_down_runs_once_it_is_back(broker, tree, signed_in):
    client = signed_in(tree.company_hr)
    rows = [applicant_row(number) for number in range(1, 4)]

    with broker_down():
        started = client.post("/manage/applicants/import/", {"file": xlsx_upload(rows)})
        page = client.get(started["Location"])

    assert started.status_code == 302 and page.status_code == 200
    assert "it will start shortly" in page.content.decode()
    job = Job.objects.get()
    assert job.status == Job.Status.QUEUED
    waiting = OutboxMessage.objects.get(task="jobs.tasks.run_job")
    assert waiting.sent_at is None and waiting.attempts == 1
    assert waiting.request_id == started["X-Request-ID"]
    assert "6390" in waiting.last_error

    age_outbox()
    with celery_worker():
        assert sweep_background_work()["outbox"] == 1
        assert wait_for(lambda: Job.objects.get().status == Job.Status.SUCCEEDED)
    assert OutboxMessage.objects.get(task="jobs.tasks.run_job").sent_at is not None
    created = Membership.objects.filter(user__real_name__startswith="申报人")
    assert created.count() == 3


def test_an_email_asked_for_while_redis_is_down_is_sent_once_it_is_back(
    broker, tree, client, settings
):
    settings.PASSWORD_RESET_RATE_LIMIT = "1000/m"  # other tests asked from this address too
    person = tree.company_hr
    with broker_down():
        response = client.post("/password/reset/", {"email": person.email})
    assert response.status_code in (200, 302)
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1
    assert mail.outbox == []

    with broker_down():  # still down: the sweep sends nothing and loses nothing
        age_outbox()
        assert outbox.send_unsent() == 0
    assert OutboxMessage.objects.get().attempts == 2

    with celery_worker():
        assert outbox.send_unsent() == 1
        assert wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [person.email]


def test_a_task_sent_late_carries_the_id_of_the_request_that_asked_for_it(broker):
    import json

    import redis

    from core.background import queue_name
    from notifications.tasks import email_notification

    OutboxMessage.objects.create(
        task=email_notification.name, args=[1], request_id="the-request-that-asked"
    )
    age_outbox()

    assert outbox.send_unsent() == 1

    queued = redis.Redis.from_url(celery_app.conf.broker_url).lrange(queue_name("email"), 0, -1)
    assert [json.loads(m)["headers"]["request_id"] for m in queued] == ["the-request-that-asked"]
