"""/metrics answers Prometheus only with the bearer token (404 otherwise, and when no token is
set): request figures, each Celery queue's length on the broker, background jobs by status,
certificate batch progress and the age of beat's heartbeat."""

import re

import pytest
import redis
from django.conf import settings as django_settings

from accounts.models import Role
from jobs.models import Job
from tests.factories import AccountFactory, OrganizationFactory

TOKEN = "scrape-me-0123456789"
QUEUES = ("celery", "certificates", "email", "jobs", "scheduled")


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN


def scrape(client) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return response.content.decode()


def value(page: str, sample: str) -> float:
    match = re.search(rf"^{re.escape(sample)} (\S+)$", page, re.MULTILINE)
    assert match, f"{sample} not in the page"
    return float(match.group(1))


def test_no_page_without_a_configured_token(client, settings, db):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_no_page_without_the_right_token(client, token, db):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Token {TOKEN}").status_code == 404


def test_the_page_has_requests_jobs_batches_and_beat(client, token, db):
    requester = AccountFactory(organization=OrganizationFactory(), role=Role.HR_BUREAU)
    Job.objects.create(kind="export", requested_by=requester, status=Job.Status.FAILED)

    page = scrape(client)

    assert "django_http_requests_total_by_method_total" in page
    assert value(page, 'zhicheng_jobs{status="failed"}') == 1
    assert value(page, 'zhicheng_jobs{status="queued"}') == 0
    for state in ("pending", "issued", "failed"):
        assert value(page, f'zhicheng_certificate_batch_certificates{{state="{state}"}}') == 0
    assert value(page, "zhicheng_certificate_batches_unfinished") == 0
    assert value(page, "zhicheng_beat_heartbeat_age_seconds") >= -1


def test_each_queue_length_is_read_from_the_broker(client, token, requires_redis, db):
    page = scrape(client)
    before = {q: value(page, f'zhicheng_celery_queue_length{{queue="{q}"}}') for q in QUEUES}
    broker = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    try:
        broker.rpush("email", "one", "two")
        broker.rpush("scheduled", "three")

        page = scrape(client)
    finally:
        broker.ltrim("email", 0, -3)  # the two pushed last are at the tail
        broker.ltrim("scheduled", 0, -2)
        broker.close()

    after = {q: value(page, f'zhicheng_celery_queue_length{{queue="{q}"}}') for q in QUEUES}
    assert after["email"] == before["email"] + 2
    assert after["scheduled"] == before["scheduled"] + 1
    assert after["certificates"] == before["certificates"]


def test_the_outbox_and_the_tasks_given_up_are_counted(client, token, db):
    from core.models import FailedTask, OutboxMessage

    OutboxMessage.objects.create(task="jobs.tasks.run_job", args=[1])
    OutboxMessage.objects.create(task="jobs.tasks.run_job", args=[2], sent_at="2026-12-01T00:00Z")
    FailedTask.objects.create(task="jobs.tasks.run_job", reason="its worker kept dying")

    page = scrape(client)

    assert value(page, "zhicheng_outbox_unsent") == 1
    assert value(page, "zhicheng_failed_background_tasks") == 1
