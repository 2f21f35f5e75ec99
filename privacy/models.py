"""A person's requests to erase their data, and what erasure and retention did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    """A person asks for their data to be erased (PIPL art. 47); the HR bureau decides.
    States move only through privacy/erasure_workflow.py."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting the bureau's decision")
        ERASED = "erased", _("Erased")
        PARTLY_ERASED = "partly_erased", _("Erased except records kept by law")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn by the person")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="erasure_requests",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    reason = models.TextField(_("the person's reason"), blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    # What was erased and what was kept, with the reason for each kept record.
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="requested"),
                name="one_open_erasure_request",
            )
        ]

    def __str__(self):
        return f"{self.person_id} {self.get_status_display()}"
