"""The sweeper (every minute, core/background.py) restarts a job whose message was lost (the
broker restarted without it): unfinished and silent for longer than a redelivery would take,
it is sent again and runs. A job sent again recently is left alone; one that already ran as
many times as workers may die on it is shown as failed instead."""

from datetime import timedelta

from django.utils import timezone

from core.background import stalled_after, sweep_background_work
from core.models import OutboxMessage
from jobs.models import Job
from jobs.services import start_job
from tests.jobs.conftest import RUNS


def lost_job(tree, capture, *, silent_for):
    """A job whose message went out and was never delivered."""
    with capture(execute=False):
        job = start_job(kind="tests.counting", user=tree.company_hr)
    long_ago = timezone.now() - silent_for
    Job.objects.filter(pk=job.pk).update(created_at=long_ago)
    OutboxMessage.objects.update(sent_at=long_ago, created_at=long_ago)
    return job


def test_a_job_whose_message_was_lost_is_sent_again_and_runs(
    tree, django_capture_on_commit_callbacks
):
    job = lost_job(
        tree, django_capture_on_commit_callbacks, silent_for=stalled_after() + timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        done = sweep_background_work()

    assert done["restart_stalled_jobs"] == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and [job.pk] == RUNS
    assert OutboxMessage.objects.filter(task="jobs.tasks.run_job").count() == 2


def test_a_job_sent_recently_is_left_alone(tree, django_capture_on_commit_callbacks):
    job = lost_job(
        tree, django_capture_on_commit_callbacks, silent_for=stalled_after() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_background_work()["restart_stalled_jobs"] == 0

    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and RUNS == []


def test_a_job_that_ran_as_often_as_allowed_is_shown_as_failed(
    tree, settings, django_capture_on_commit_callbacks
):
    job = lost_job(
        tree, django_capture_on_commit_callbacks, silent_for=stalled_after() + timedelta(minutes=1)
    )
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=settings.CELERY_MAX_WORKER_LOSSES
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_background_work()["restart_stalled_jobs"] == 0

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and RUNS == []
    assert "stopped every time it ran it" in job.message
