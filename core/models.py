"""The shared plumbing's own records: tasks waiting to be sent (the outbox) and tasks given up
after their workers died (core/background.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A task written in the transaction that asked for it, sent once that commits, and again
    by the sweeper until the broker takes it (core/outbox.py)."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # The request that asked for it, so that the task's logs carry its id however late it
    # is sent (core/request_id.py).
    request_id = models.CharField(_("request id"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_unsent_idx",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.task} #{self.pk}"


class FailedTask(models.Model):
    """A task that was not run again because its worker kept dying while running it."""

    task = models.CharField(_("task"), max_length=200)
    task_id = models.CharField(_("task id"), max_length=255, blank=True)
    arguments = models.JSONField(_("arguments"), default=dict)
    reason = models.TextField(_("reason"))
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("failed background task")
        verbose_name_plural = _("failed background tasks")
        ordering = ["-failed_at"]

    def __str__(self):
        return f"{self.task} ({self.failed_at:%Y-%m-%d %H:%M})"
