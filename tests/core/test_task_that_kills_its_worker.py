"""A task that kills its worker (a poison message) is delivered again each time, up to
CELERY_MAX_WORKER_LOSSES; the next delivery is not run: it is recorded as a failed task and
the job it belonged to shows as failed, instead of being delivered for ever. A real worker
process on PostgreSQL and Redis, whose child the task kills."""

import time

import pytest
from django.db import transaction

from core.models import FailedTask
from jobs.models import Job
from jobs.services import start_job
from tests.core import poison_job  # noqa: F401 - registers the job kind
from tests.worker_process import worker_process

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_job_that_kills_its_worker_stops_after_the_cap_and_shows_as_failed(
    requires_postgres, tasks_on_redis, tree
):
    with transaction.atomic():
        job = start_job(kind="tests.poison", user=tree.company_hr)

    with worker_process(imports=["tests.core.poison_job"], CELERY_MAX_WORKER_LOSSES=2) as worker:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not FailedTask.objects.exists():
            assert worker.poll() is None, "the worker process itself stopped"
            time.sleep(0.2)

    failed = FailedTask.objects.get()
    assert failed.task == "jobs.tasks.run_job"
    assert failed.arguments == {"args": [job.pk], "kwargs": {}}
    assert "stopped 2 times" in failed.reason
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.attempts == 2  # the two runs that died; the third delivery did not run it
    assert "stopped every time it ran it" in job.message
