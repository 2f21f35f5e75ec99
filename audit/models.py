"""The append-only, hash-chained record of every decision, written by every app through
audit/services.py. The tables keep the names they had when the chain lived in `applicants`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRecord(models.Model):
    """One decision, append-only. `hash` covers the record and the previous record's hash in
    the same chain, so an edited or deleted record breaks that chain (see audit/services.py).

    Each evaluation plan has its own chain (`chain` "plan:<id>"); decisions that belong to no
    plan (quotas, credit hours, bans, the calendar) share the general chain "", which is also
    where every record written before chains were split lives. `sequence` is the place within
    the chain; across chains, `pk` gives the order of writing.

    A decision about a declaration names it in `declaration`; any other decision (a quota
    approval, a credit-hour claim, a meeting, an objection) names its subject as
    `subject_type` ("app_label.model") and `subject_id`."""

    chain = models.CharField(_("chain"), max_length=32, blank=True, default="", editable=False)
    sequence = models.PositiveBigIntegerField(editable=False)
    declaration = models.ForeignKey(
        "applicants.Declaration",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_records",
    )
    subject_type = models.CharField(_("subject type"), max_length=64, null=True, blank=True)
    subject_id = models.CharField(_("subject"), max_length=64, null=True, blank=True)
    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=24)
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_state = models.CharField(_("from"), max_length=24, blank=True)
    to_state = models.CharField(_("to"), max_length=24, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        db_table = "applicants_auditrecord"
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject")]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_chain_place")
        ]

    def __str__(self):
        return f"{self.chain}#{self.sequence} {self.action}"


class AuditChainHead(models.Model):
    """Where one chain ends. Appending locks its row, so concurrent decisions in the same plan
    queue up instead of forking the chain, while other plans go on; deleting the newest
    records is still detected."""

    chain = models.CharField(max_length=32, unique=True, default="")
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        db_table = "applicants_auditchainhead"
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"{self.chain}#{self.last_sequence}"


class PersonalDataAccess(models.Model):
    """One look at another person's personal data: their declaration, a proof file, a
    certificate PDF, their full ID number, or an export that holds them. Append-only; the
    person whose data it was sees these rows, the bureau searches them (PIPL art. 51)."""

    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Declaration opened")
        PROOF_FILE = "proof_file", _("Proof file opened")
        CERTIFICATE = "certificate", _("Certificate PDF opened")
        ID_NUMBER = "id_number", _("Full ID number shown")
        EXPORT = "export", _("Included in an export")

    at = models.DateTimeField(_("at"), db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seen by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    viewer_role = models.CharField(_("acting as"), max_length=24, blank=True)
    viewer_organization = models.CharField(_("organization"), max_length=128, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose data"),
        on_delete=models.CASCADE,
        related_name="personal_data_accesses",
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    # What was opened, e.g. "declaration 42" or "roster export of plan 3", and where from.
    item = models.CharField(_("item"), max_length=200, blank=True)
    page = models.CharField(_("page"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["subject", "-at"], name="data_access_subject_at"),
            models.Index(fields=["viewer", "-at"], name="data_access_viewer_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.item} {self.at:%Y-%m-%d %H:%M}"
