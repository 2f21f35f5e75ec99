import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Every task is a ReliableTask, routed to the queue of its kind (core/background.py).
app = Celery("zhicheng", task_cls="core.background:ReliableTask")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.on_after_configure.connect
def _in_process_without_a_broker(sender, **_kwargs):
    """Tasks run in-process when no broker is set (CELERY_TASK_ALWAYS_EAGER), yet Celery still
    takes a producer for each: the in-memory transport keeps kombu from guessing an AMQP
    server on localhost and warning "No hostname was supplied"."""
    if not sender.conf.broker_url:
        sender.conf.broker_url = "memory://localhost/"


app.conf.task_routes = ("core.background.route_task",)
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def refuse_to_start_when_misconfigured(signal=None, **_kwargs):
    """With DEBUG off, a worker or beat on a wrong configuration exits instead of running
    (core/checks.py). SystemExit, because Celery logs and swallows a handler's exceptions."""
    from django.core.exceptions import ImproperlyConfigured

    from core.checks import refuse_to_start_when_misconfigured as refuse

    try:
        refuse("beat" if signal is signals.beat_init else "worker")
    except ImproperlyConfigured as error:
        raise SystemExit(str(error)) from error


@signals.beat_init.connect
def hold_the_only_beat_lock(**_kwargs):
    """A second beat exits instead of sending every periodic task twice (core/beat_lock.py)."""
    from django.conf import settings

    from core.beat_lock import AnotherBeatRuns, take_beat_lock

    if not settings.CELERY_BROKER_URL:
        return
    try:
        take_beat_lock(settings.CELERY_BROKER_URL, settings.BEAT_LOCK_SECONDS)
    except AnotherBeatRuns as error:
        raise SystemExit(str(error)) from error
