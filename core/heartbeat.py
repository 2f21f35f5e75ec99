"""Beat's heartbeat: a tiny periodic task (core.tasks.beat_heartbeat, every minute) stores the
time it ran in the shared cache; readiness and /metrics read its age. Without a broker (the
demo runs tasks in-process) there is no beat to watch."""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

KEY = "core:beat-heartbeat"


def record_beat_heartbeat() -> float:
    now = timezone.now().timestamp()
    cache.set(KEY, now, timeout=None)
    return now


def beat_heartbeat_age() -> float | None:
    """Seconds since beat last ran the heartbeat, or None when it never did (or the cache
    forgot it)."""
    stamp = cache.get(KEY)
    if stamp is None:
        return None
    return max(timezone.now().timestamp() - float(stamp), 0.0)


def beat_is_expected() -> bool:
    return bool(settings.CELERY_BROKER_URL)
