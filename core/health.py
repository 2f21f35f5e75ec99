"""Liveness and readiness, for compose, an orchestrator or a load balancer.

/health/live/ says the process answers: no dependency is asked, so a database outage does not
get every web process restarted. /health/ready/ asks each dependency (django-health-check's
checks, plus the broker and beat's heartbeat written here) and answers 200 only when all are
OK, 503 otherwise, with a JSON body naming each check's status (docs/operations.md)."""

import asyncio
import dataclasses
import datetime
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.contrib.psutil import Disk
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from core.heartbeat import beat_heartbeat_age, beat_is_expected

SKIPPED = "skipped"


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (a ping, no task round trip: a busy or absent
    worker is the queue-length alert's business, not the web's readiness)."""

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=2), repr=False
    )
    skipped: str = dataclasses.field(default="", init=False, repr=False)

    def run(self):
        if not settings.CELERY_BROKER_URL:
            self.skipped = "no broker configured: tasks run in-process"
            return
        seconds = self.timeout.total_seconds()
        try:
            with current_app.connection_for_write(
                url=settings.CELERY_BROKER_URL,
                connect_timeout=seconds,
                transport_options={"socket_connect_timeout": seconds, "socket_timeout": seconds},
            ) as connection:
                connection.ensure_connection(
                    max_retries=1, interval_start=0, interval_step=0, timeout=seconds
                )
        except Exception as error:  # noqa: BLE001 — kombu raises transport-specific errors
            raise ServiceUnavailable(f"broker unreachable: {type(error).__name__}") from error


@dataclasses.dataclass
class BeatHeartbeat(HealthCheck):
    """Beat ran core.tasks.beat_heartbeat within BEAT_HEARTBEAT_MAX_AGE_SECONDS."""

    skipped: str = dataclasses.field(default="", init=False, repr=False)

    def run(self):
        if not beat_is_expected():
            self.skipped = "no broker configured: no beat to watch"
            return
        age = beat_heartbeat_age()
        if age is None:
            raise ServiceUnavailable("no heartbeat from beat recorded")
        limit = settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS
        if age > limit:
            raise ServiceUnavailable(f"last heartbeat {age:.0f} s ago (limit {limit} s)")


def _existing(path: Path) -> Path:
    """The media directory, or the nearest folder above it before the first upload makes it."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def readiness_checks():
    """(name, check) pairs; the names are what the readiness body reports."""
    return [
        ("database", Database()),
        ("cache", Cache()),
        ("broker", Broker()),
        ("storage", Storage()),
        (
            "disk",
            Disk(
                path=_existing(Path(settings.MEDIA_ROOT)),
                max_disk_usage_percent=settings.HEALTH_DISK_MAX_USAGE_PERCENT,
            ),
        ),
        ("beat", BeatHeartbeat()),
    ]


def _status(result) -> str:
    if result.error:
        return str(result.error)
    skipped = getattr(result.check, "skipped", "")
    return f"{SKIPPED}: {skipped}" if skipped else "ok"


class ReadinessView(HealthCheckView):
    """django-health-check's view, answering 503 (not its 500) and naming checks plainly."""

    async def get(self, request, *args, **kwargs):
        named = readiness_checks()
        with self.get_executor() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for _n, check in named))
        checks = {
            name: _status(result) for (name, _check), result in zip(named, results, strict=True)
        }
        failing = any(result.error for result in results)
        body = {"status": "unavailable" if failing else "ok", "checks": checks}
        if "text/plain" in request.headers.get("accept", ""):
            lines = [f"status: {body['status']}"] + [f"{k}: {v}" for k, v in checks.items()]
            response = HttpResponse(
                "\n".join(lines) + "\n",
                content_type="text/plain; charset=utf-8",
                status=503 if failing else 200,
            )
        else:
            response = JsonResponse(
                body, status=503 if failing else 200, json_dumps_params={"ensure_ascii": False}
            )
        add_never_cache_headers(response)
        return response


ready = ReadinessView.as_view()


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})
