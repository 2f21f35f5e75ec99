from celery import shared_task

from core.heartbeat import record_beat_heartbeat


@shared_task
def beat_heartbeat() -> float:
    """Run by beat every minute; readiness fails when it stops (BEAT_HEARTBEAT_MAX_AGE_SECONDS)."""
    return record_beat_heartbeat()


@shared_task
def sweep_background_work() -> dict:
    """Every minute: send what the outbox still holds and restart stalled work
    (core/background.py)."""
    from core.background import sweep_background_work as sweep

    return sweep()
