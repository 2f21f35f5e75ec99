"""The result publicity, the objections filed against it, and re-examination requests."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.encrypted_fields import EncryptedCharField
from juries.models.meetings import Candidate, ReviewMeeting


class ResultPublicity(models.Model):
    """The public list of a meeting's passed candidates (评审结果公示), open for objections
    from `starts_on` to `ends_on`, both included."""

    meeting = models.OneToOneField(
        ReviewMeeting, on_delete=models.PROTECT, related_name="publicity"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    notice = models.TextField(_("notice"), blank=True)
    contact = models.CharField(_("contact for objections"), max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("result publicity")
        verbose_name_plural = _("result publicities")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return str(self.meeting)


class Objection(models.Model):
    """An objection (异议) anyone filed against a publicized candidate, and what the office
    found."""

    class Status(models.TextChoices):
        OPEN = "open", _("Under investigation")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    publicity = models.ForeignKey(
        ResultPublicity, on_delete=models.PROTECT, related_name="objections"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="objections")
    filer_name = models.CharField(_("your name"), max_length=64)
    filer_phone = EncryptedCharField(_("phone"), max_length=20)  # core/encrypted_fields.py
    filer_email = models.EmailField(_("e-mail"), blank=True)
    content = models.TextField(_("objection"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    finding = models.TextField(_("finding"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-filed_at", "-pk"]

    def __str__(self):
        return str(self.reference)


class ReexaminationRequest(models.Model):
    """An applicant's request for re-examination (复查) of their own result, and the answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="reexaminations"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("re-examination request")
        verbose_name_plural = _("re-examination requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.candidate}: {self.get_status_display()}"
