"""/metrics for Prometheus: django-prometheus's request and database figures, plus the
product's own, read at scrape time: Celery queue lengths on the broker, background jobs by
status, seconds since beat's heartbeat, and what an app adds with `@metrics_source` in its
metrics.py (certificates/metrics.py: batch issue progress).

The page is served only to a request with `Authorization: Bearer <METRICS_TOKEN>`; without
the setting it does not exist (404), so nothing about the deployment is public by default."""

import contextlib
import hmac
import logging
from collections.abc import Callable, Iterable

import redis
from celery import current_app
from django.conf import settings
from django.db.models import Count
from django.http import Http404
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from core.background import QUEUES as WORK_QUEUES
from core.heartbeat import beat_heartbeat_age
from core.models import FailedTask, OutboxMessage
from jobs.models import Job

logger = logging.getLogger(__name__)

# The queues the workers consume (Celery's default first); more come from CELERY_TASK_QUEUES.
QUEUES = ("celery", *WORK_QUEUES)
# kombu's Redis transport keeps a queue's prioritised messages in lists beside the queue's own.
_PRIORITY_SEPARATOR = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)

_SOURCES: list[Callable[[], Iterable]] = []


def metrics_source(source: Callable[[], Iterable]) -> Callable[[], Iterable]:
    """Register a function yielding prometheus metric families, called at every scrape."""
    _SOURCES.append(source)
    return source


def queue_names() -> list[str]:
    names = list(QUEUES)
    configured = current_app.conf.task_queues or ()
    for queue in [current_app.conf.task_default_queue, *configured]:
        name = getattr(queue, "name", queue)
        if isinstance(name, str) and name not in names:
            names.append(name)
    return names


def queue_lengths(broker_url: str, names: list[str]) -> dict[str, int]:
    client = redis.Redis.from_url(broker_url, socket_connect_timeout=2, socket_timeout=2)
    try:
        pipe = client.pipeline(transaction=False)
        for name in names:
            pipe.llen(name)
            for step in _PRIORITY_STEPS:
                pipe.llen(f"{name}{_PRIORITY_SEPARATOR}{step}")
        counts = pipe.execute()
    finally:
        client.close()
    per_queue = 1 + len(_PRIORITY_STEPS)
    return {
        name: sum(counts[index * per_queue : (index + 1) * per_queue])
        for index, name in enumerate(names)
    }


@metrics_source
def celery_queues():
    broker_url = settings.CELERY_BROKER_URL
    if not broker_url or not broker_url.startswith(("redis://", "rediss://", "unix://")):
        return
    gauge = GaugeMetricFamily(
        "zhicheng_celery_queue_length",
        "Messages waiting in a Celery queue on the broker.",
        labels=["queue"],
    )
    for name, length in queue_lengths(broker_url, queue_names()).items():
        gauge.add_metric([name], length)
    yield gauge


@metrics_source
def background_jobs():
    gauge = GaugeMetricFamily("zhicheng_jobs", "Background jobs by status.", labels=["status"])
    counts = dict(Job.objects.values_list("status").annotate(n=Count("pk")).order_by())
    for status in Job.Status.values:
        gauge.add_metric([status], counts.get(status, 0))
    yield gauge


@metrics_source
def outbox():
    gauge = GaugeMetricFamily(
        "zhicheng_outbox_unsent",
        "Tasks written to the outbox and not yet taken by the broker (core/outbox.py).",
    )
    gauge.add_metric([], OutboxMessage.objects.filter(sent_at__isnull=True).count())
    yield gauge


@metrics_source
def failed_background_tasks():
    gauge = GaugeMetricFamily(
        "zhicheng_failed_background_tasks",
        "Tasks not run again because their worker kept dying (core/background.py).",
    )
    gauge.add_metric([], FailedTask.objects.count())
    yield gauge


@metrics_source
def beat_heartbeat():
    age = beat_heartbeat_age()
    gauge = GaugeMetricFamily(
        "zhicheng_beat_heartbeat_age_seconds",
        "Seconds since Celery beat last ran core.tasks.beat_heartbeat (-1: never seen).",
    )
    gauge.add_metric([], -1 if age is None else age)
    yield gauge


class ProductCollector(Collector):
    def describe(self):
        # Nothing to declare up front: registering must not query the database.
        return []

    def collect(self):
        for source in _SOURCES:
            try:
                yield from source()
            except Exception:  # noqa: BLE001 — one unreachable source must not hide the rest
                logger.warning("Metrics source %s failed.", source.__name__, exc_info=True)


# Once per process; suppressed when this module is imported again (autoreload).
with contextlib.suppress(ValueError):
    REGISTRY.register(ProductCollector())


def _authorized(request) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return False
    scheme, _space, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


@never_cache
def metrics(request):
    if not _authorized(request):
        raise Http404
    return ExportToDjangoView(request)
