"""Work that takes longer than a page load: an import or a big export, run by a Celery worker
while the person who asked watches its progress page (jobs/views.py) and then reads its result
there. One kind of work per entry in jobs/registry.py."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _stored_name(folder: str, filename: str) -> str:
    """A generated name: the original one is kept in the row, never on disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"jobs/{folder}/{uuid.uuid4().hex}{suffix}"


def input_upload_to(job, filename):
    return _stored_name("uploads", filename)


def result_upload_to(job, filename):
    return _stored_name("results", filename)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    FINISHED_STATES = (Status.SUCCEEDED, Status.FAILED)

    kind = models.CharField(_("kind"), max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    # The organization and role the requester acted in: their colleagues in the same role
    # there may follow the job too.
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    role = models.CharField(_("role"), max_length=24, blank=True)
    language = models.CharField(_("language"), max_length=16, default=settings.LANGUAGE_CODE)
    params = models.JSONField(_("parameters"), default=dict, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    input_file = models.FileField(_("uploaded file"), upload_to=input_upload_to, blank=True)
    input_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(
        _("errors"),
        default=list,
        blank=True,
        help_text=_("The bad rows of a rejected import: row, column and reason."),
    )
    message = models.TextField(_("message"), blank=True)
    result_file = models.FileField(_("result file"), upload_to=result_upload_to, blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Set in the very transaction that saves an import's rows: a run that died after that
    # commit is finished, not run again, when its task is delivered once more.
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="jobs_by_requester")]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED_STATES

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    # --- progress, reported by the running job (see jobs/progress.py) ----------------------

    def set_total(self, total: int) -> None:
        self.total = max(0, int(total))
        self.done = 0
        self._written_done = 0
        Job.objects.filter(pk=self.pk).update(total=self.total, done=0)

    def advance(self, count: int = 1) -> None:
        """Count work done; written in steps of about a hundredth of the total, so that a
        20,000-row file costs a hundred short updates, each committed on its own."""
        self.done = min(self.done + count, self.total) if self.total else self.done + count
        written = getattr(self, "_written_done", 0)
        step = max(1, self.total // 100)
        if self.done - written >= step or (self.total and self.done >= self.total):
            Job.objects.filter(pk=self.pk).update(done=self.done)
            self._written_done = self.done

    def saved(self) -> None:
        from jobs.services import mark_saved

        mark_saved(self)
