"""The starts of a task whose worker died are counted per deployment: deployments that share
one Redis (named apart by TASK_QUEUE_PREFIX) number their outbox rows, and so their task ids,
each from 1, and one deployment's dead workers must never make the other's task be given up."""

import pytest

from config.celery import app as celery_app
from core import background
from core.models import FailedTask

ran = []


@celery_app.task(name="tests.core.test_worker_losses_per_deployment.remember")
def remember(value):
    ran.append(value)
    return value


def delivered(task_id: str, value: str):
    """The task run as a worker runs a delivery of it (not eagerly, not called directly)."""
    remember.push_request(id=task_id, is_eager=False, called_directly=False)
    try:
        return remember(value)
    finally:
        remember.pop_request()


@pytest.mark.django_db
def test_the_same_task_id_in_another_deployment_runs_despite_the_first_one_s_dead_workers(
    settings, monkeypatch
):
    settings.CELERY_MAX_WORKER_LOSSES = 2
    settings.TASK_QUEUE_PREFIX = "province-a-"
    with monkeypatch.context() as dying:
        # The worker dies inside the task: the count of its start is never taken back.
        dying.setattr(background.cache, "delete", lambda key: None)
        delivered("outbox-7", "a1")
        delivered("outbox-7", "a2")

    settings.TASK_QUEUE_PREFIX = "province-b-"
    assert delivered("outbox-7", "b1") == "b1"
    assert not FailedTask.objects.exists()

    settings.TASK_QUEUE_PREFIX = "province-a-"
    assert delivered("outbox-7", "a3") is None  # its third start is not run: given up
    assert FailedTask.objects.get().task_id == "outbox-7"
    assert ran == ["a1", "a2", "b1"]
