"""Every request has an id: the proxy's X-Request-ID or a new one, sent back in the response,
written in every log line of the request (JSON in production) and carried by the Celery tasks
the request sends into the worker's log lines."""

import io
import json
import logging

import pytest
from celery import shared_task
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.urls import path
from pythonjsonlogger.json import JsonFormatter

from config.celery import app as celery_app
from core.request_id import RequestIdFilter, current_request_id
from core.tasks import beat_heartbeat

log = logging.getLogger("tests.request_id")


@shared_task(name="tests.core.request_id_seen_by_task")
def request_id_seen_by_task():
    return current_request_id()


def logs_and_sends_a_task(request):
    log.warning("answering the request")
    beat_heartbeat.apply_async(queue="request-id-test")
    return HttpResponse("ok")


urlpatterns = [path("logs-and-sends/", logs_and_sends_a_task)]


@pytest.fixture
def json_log():
    """The production console handler: the settings' JSON formatter and request-id filter."""
    options = dict(django_settings.LOGGING["formatters"]["json"])
    assert options.pop("()") == "pythonjsonlogger.json.JsonFormatter"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**options))
    handler.addFilter(RequestIdFilter())
    log.addHandler(handler)
    yield stream
    log.removeHandler(handler)


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_a_new_id_is_sent_back_in_the_response(client, db):
    first = client.get("/health/live/")["X-Request-ID"]
    second = client.get("/health/live/")["X-Request-ID"]

    assert len(first) == 32 and first != second


def test_the_proxys_id_is_kept_and_a_malformed_one_replaced(client, db):
    kept = client.get("/health/live/", HTTP_X_REQUEST_ID="edge-4f1c9a")
    replaced = client.get("/health/live/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert kept["X-Request-ID"] == "edge-4f1c9a"
    assert replaced["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(replaced["X-Request-ID"]) == 32


def test_a_log_line_of_the_request_is_json_with_its_id(client, db, test_urls, json_log):
    response = client.get("/logs-and-sends/")

    line = json.loads(json_log.getvalue().splitlines()[0])
    assert line["message"] == "answering the request"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "WARNING" and line["logger"] == "tests.request_id"
    assert current_request_id() is None  # nothing left behind once the response is finished


def test_every_console_line_gets_the_request_id_in_the_chosen_format():
    handler = django_settings.LOGGING["handlers"]["console"]

    assert handler["filters"] == ["request_id"]
    assert handler["formatter"] == django_settings.LOG_FORMAT


def test_a_task_sent_during_the_request_carries_its_id(client, db, test_urls, tasks_on_redis):
    broker = celery_app.connection_for_write().default_channel.client
    broker.delete("request-id-test")
    try:
        response = client.get("/logs-and-sends/")
        messages = [json.loads(raw) for raw in broker.lrange("request-id-test", 0, -1)]
    finally:
        broker.delete("request-id-test")

    assert [m["headers"]["task"] for m in messages] == ["core.tasks.beat_heartbeat"]
    assert messages[0]["headers"]["request_id"] == response["X-Request-ID"]


def test_the_task_runs_under_the_id_it_carries_and_drops_it_after():
    result = request_id_seen_by_task.apply(headers={"request_id": "edge-77"})

    assert result.get() == "edge-77"
    assert current_request_id() is None


def test_a_task_nobody_sent_from_a_request_runs_under_its_own_id():
    result = request_id_seen_by_task.apply(task_id="abc123")

    assert result.get() == "task-abc123"
