"""The shared plumbing's own records: tasks waiting to be sent (the outbox), tasks given up
after their workers died (core/background.py), and the filters people save on lists
(core/saved_filters.py)."""

from django.conf import settings
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


class SavedListFilter(models.Model):
    """A person's named filter of one list page: `list_name` is the page's URL name, which
    says what the filter keeps, and `list_path` its address (one jury's expert library is
    not another's). An ID number search is kept as its keyed look-up digest and its mask,
    never the number."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_list_filters",
    )
    list_name = models.CharField(_("list"), max_length=64)
    list_path = models.CharField(_("list address"), max_length=200)
    name = models.CharField(_("name"), max_length=64)
    query = models.JSONField(_("filter"), default=dict, blank=True)
    id_number_digest = models.CharField(max_length=64, blank=True, editable=False)
    id_number_masked = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["list_path", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list_path", "name"], name="one_saved_list_filter_per_name"
            )
        ]

    def __str__(self):
        return self.name
