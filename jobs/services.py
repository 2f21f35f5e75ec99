"""Starting a background job and running it, once, whatever the queue delivers.

A job runs in one Celery task (jobs.tasks.run_job). The task is acknowledged only when it
ends, so a worker that dies part way leaves it to be delivered again: the next delivery
starts the job over, which is safe because an import saves all its rows in one transaction
or none. A run that died after that transaction committed is recognized by `saved_at`, which
the same transaction set (Job.saved), and is finished instead of run again. A finished job
is never run again."""

import logging
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.outbox import send_on_commit
from jobs import registry
from jobs.models import Job

logger = logging.getLogger(__name__)
SWEEP_BATCH = 200
# A rejected import keeps (and its page lists) at most this many problems, and their count.
PROBLEMS_KEPT = 1000


class AlreadySaved(Exception):  # noqa: N818 - a signal to stop, not a bug
    """Another run of the same job saved its work first; this run's transaction rolls back."""


def start_job(*, kind: str, user, membership=None, params=None, upload=None) -> Job:
    """Record a job for `user`, acting in `membership`, and queue it once the current
    transaction commits. `upload` (an uploaded file) is kept with the job, outside the web
    root, until the job finishes."""
    from jobs.tasks import run_job

    registry.get_kind(kind)  # an unknown kind fails here, in the request, not in a worker
    with transaction.atomic():
        job = Job(
            kind=kind,
            requested_by=user,
            organization=membership.organization if membership is not None else None,
            role=membership.role if membership is not None else "",
            language=translation.get_language() or settings.LANGUAGE_CODE,
            params=params or {},
        )
        if upload is not None:
            name = PurePosixPath(getattr(upload, "name", "") or "").name[:255] or "upload"
            job.input_name = name
            upload.seek(0)
            job.input_file.save(name, upload if isinstance(upload, File) else File(upload), False)
        job.save()
        send_on_commit(run_job, job.pk)
    return job


def sharing_membership(request, roles, organization=None):
    """The membership a new job is shared through: the role the requester acts in, when it
    is one of `roles` (and at `organization`, when given); otherwise None, and the job is
    the requester's alone."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in roles:
        return None
    if organization is not None and membership.organization_id != organization.pk:
        return None
    return membership


def _claim(job_id: int) -> Job | None:
    """The job, marked running for this attempt; None when there is nothing to run."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if job.saved_at is not None:
            # An earlier run saved the work and died before it could say so.
            _close(job, Job.Status.SUCCEEDED, result={"recovered": True})
            return None
        now = timezone.now()
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.total = job.done = 0
        job.save(update_fields=["status", "attempts", "started_at", "total", "done"])
    return job


def run_job(job_id: int) -> str:
    """Run job `job_id` if it is not finished; answer the status it ended in."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    kind = registry.kind_or_none(job.kind)
    with translation.override(job.language):
        if kind is None:
            _finish(job, Job.Status.FAILED, message=_("This kind of job no longer exists."))
            return Job.Status.FAILED
        try:
            summary = kind.run(job)
        except AlreadySaved:
            logger.info("Job %s: another run saved it first", job.pk)
            return "skipped"
        except registry.JobRejected as rejected:
            _finish(
                job,
                Job.Status.FAILED,
                result={"problem_count": len(rejected.problems)},
                errors=[problem.as_json() for problem in rejected.problems[:PROBLEMS_KEPT]],
                message=str(rejected.message),
            )
        except Exception:
            logger.exception("Job %s (%s) stopped on an error", job.pk, job.kind)
            _finish(
                job,
                Job.Status.FAILED,
                message=_(
                    "The job stopped because of an unexpected error, and nothing was saved. "
                    "Try again; if it happens again, tell the administrator."
                ),
            )
        else:
            _finish(job, Job.Status.SUCCEEDED, result=summary or {})
    return Job.objects.values_list("status", flat=True).get(pk=job.pk)


def restart_stalled_jobs(stalled_before) -> int:
    """Jobs unfinished and not sent since `stalled_before` are sent again; one whose worker
    already died on it CELERY_MAX_WORKER_LOSSES times is given up instead."""
    from core.background import last_sent
    from jobs.tasks import run_job

    restarted = 0
    unfinished = Job.objects.exclude(status__in=Job.FINISHED_STATES).filter(
        created_at__lt=stalled_before
    )
    for job in unfinished.order_by("pk")[:SWEEP_BATCH]:
        sent = last_sent(run_job, job.pk)
        if sent is not None and sent >= stalled_before:
            continue
        if job.attempts >= settings.CELERY_MAX_WORKER_LOSSES:
            give_up_job(job.pk, reason=f"stalled after {job.attempts} runs")
            continue
        with transaction.atomic():
            send_on_commit(run_job, job.pk)
        restarted += 1
    return restarted


def give_up_job(job_id: int, *, reason: str) -> None:
    """The job's task was given up (core/background.py): the job shows as failed."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    with translation.override(job.language):
        _finish(
            job,
            Job.Status.FAILED,
            message=_(
                "The job could not be finished: the background worker stopped every time it "
                "ran it. Tell the administrator."
            ),
        )
    logger.error("Job %s given up: %s", job_id, reason)


def _finish(job: Job, status: str, *, result=None, errors=None, message="") -> None:
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.is_finished:
            return  # another run of the same job finished first
        if status == Job.Status.FAILED and current.saved_at is not None:
            # The work was saved before the error: the job did what it was asked.
            status, result, errors, message = Job.Status.SUCCEEDED, {"recovered": True}, [], ""
        _close(current, status, result=result, errors=errors, message=message)
    job.refresh_from_db()


def _close(job: Job, status: str, *, result=None, errors=None, message="") -> None:
    job.status = status
    job.result = result or {}
    job.errors = errors or []
    job.message = message
    job.finished_at = timezone.now()
    if status == Job.Status.SUCCEEDED and job.total:
        job.done = job.total
    fields = ["status", "result", "errors", "message", "finished_at", "done"]
    if job.input_file:
        # The upload has done its work; personal data is not kept longer than needed.
        name, storage = job.input_file.name, job.input_file.storage
        transaction.on_commit(lambda: storage.delete(name))
        job.input_file = ""
        fields.append("input_file")
    job.save(update_fields=fields)


def mark_saved(job: Job) -> None:
    """Job.saved: inside the transaction that saves the job's work."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Job.saved() belongs inside the transaction that saves the work.")
    now = timezone.now()
    if not Job.objects.filter(pk=job.pk, saved_at__isnull=True).update(saved_at=now):
        raise AlreadySaved(job.pk)
    job.saved_at = now


def attach_result_file(job: Job, filename: str, content) -> None:
    """Store an export's file (bytes or an open binary file) with the job."""
    if job.result_file:
        job.result_file.storage.delete(job.result_file.name)
    body = ContentFile(content) if isinstance(content, bytes) else File(content)
    job.result_file.save(filename, body, save=False)
    job.result_name = filename[:255]
    Job.objects.filter(pk=job.pk).update(result_file=job.result_file.name, result_name=filename)
