"""Filing by the HR bureau, the e-certificates it issues, their numbers, and the public
look-ups of them (docs/domain.md, "Filing", "E-certificates", "Revocation and bans").

A certificate keeps its own copy of every field it shows, as issued: it is a document, so a
later change to a person's or an organization's name does not rewrite it, and its signature
covers exactly these copies (certificates/signing.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choice_labels import ChoiceLabels
from core.encrypted_fields import EncryptedCharField, LookupDigestField


class Filing(ChoiceLabels, models.Model):
    """The results of one review meeting, submitted by the jury office after publicity and
    approved by the HR bureau with an official document (文号), or returned with reasons."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for filing")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    ACTIVE_STATES = (Status.SUBMITTED, Status.APPROVED)

    meeting = models.ForeignKey(
        "juries.ReviewMeeting",
        verbose_name=_("review meeting"),
        on_delete=models.PROTECT,
        related_name="filings",
    )
    declarations = models.ManyToManyField(
        "applicants.Declaration",
        verbose_name=_("declarations"),
        through="FilingEntry",
        related_name="filings",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    note = models.TextField(_("note from the office"), blank=True)
    document_number = models.CharField(_("approval document number"), max_length=64, blank=True)
    document_date = models.DateField(_("approval date"), null=True, blank=True)
    issuing_authority = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("issuing authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_filings",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    issue_started_at = models.DateTimeField(
        _("certificate issue started at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.meeting} · {self.get_status_display()}"


class FilingEntry(models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="entries")
    declaration = models.ForeignKey(
        "applicants.Declaration", on_delete=models.PROTECT, related_name="filing_entries"
    )

    class Meta:
        verbose_name = _("filing entry")
        verbose_name_plural = _("filing entries")
        ordering = ["filing_id", "declaration_id"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "declaration"], name="unique_filing_entry")
        ]

    def __str__(self):
        return f"{self.filing_id}: {self.declaration_id}"


class IssuingAuthority(models.Model):
    """The code an HR bureau's certificate numbers start with. A bureau without one issues
    under settings.CERTIFICATE_AUTHORITY_CODE."""

    organization = models.OneToOneField(
        "accounts.Organization",
        verbose_name=_("HR bureau"),
        on_delete=models.PROTECT,
        related_name="issuing_authority",
    )
    code = models.CharField(
        _("authority code"),
        max_length=12,
        unique=True,
        help_text=_("Capital letters and digits; the first part of every certificate number."),
    )

    class Meta:
        verbose_name = _("issuing authority")
        verbose_name_plural = _("issuing authorities")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} · {self.organization}"


class CertificateCounter(models.Model):
    """The last sequence used per authority code and year. Issuing locks this row, so numbers
    are handed out one transaction at a time and a rolled-back issue gives its numbers back."""

    authority_code = models.CharField(max_length=12)
    year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate number counter")
        verbose_name_plural = _("certificate number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["authority_code", "year"], name="one_counter_per_authority_year"
            )
        ]

    def __str__(self):
        return f"{self.authority_code}-{self.year}: {self.last_sequence}"


def photo_upload_to(photo, filename):
    return f"certificate-photos/{uuid.uuid4().hex}.jpg"


class HolderPhoto(models.Model):
    """The ID photo a person gives for their certificates, already cut to the printed size."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificate_photo"
    )
    image = models.FileField(_("photo"), upload_to=photo_upload_to, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate photo")
        verbose_name_plural = _("certificate photos")

    def __str__(self):
        return str(self.person)


def configured_signature_algorithm() -> str:
    """The algorithm a certificate made now is signed with (certificates/signing.py)."""
    return str(settings.CERTIFICATE_SIGNATURE_ALGORITHM).strip().lower()


class Certificate(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    class SignatureAlgorithm(models.TextChoices):
        ED25519 = "ed25519", "Ed25519"
        SM2 = "sm2", "SM2 (SM3)"

    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    authority_code = models.CharField(_("authority code"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))

    declaration = models.OneToOneField(
        "applicants.Declaration",
        verbose_name=_("declaration"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="certificates")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    issuing_authority = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("issuing authority"),
        on_delete=models.PROTECT,
        related_name="issued_certificates",
    )

    # What the certificate shows, as issued; all of it is signed.
    holder_name = models.CharField(_("holder"), max_length=64)
    gender = models.CharField(_("gender"), max_length=8, blank=True)
    id_type = models.CharField(_("ID document type"), max_length=20)
    # Encrypted at rest (core/encrypted_fields.py); the digest finds a whole number.
    id_number = EncryptedCharField(_("ID document number"), max_length=32)
    id_number_digest = LookupDigestField(_("ID document number"), source="id_number")
    employer_name = models.CharField(_("employer"), max_length=128)
    series_name = models.CharField(_("series"), max_length=64)
    specialty_name = models.CharField(_("specialty"), max_length=64)
    level = models.PositiveSmallIntegerField(_("level"))
    level_name = models.CharField(_("level"), max_length=32)
    qualification_name = models.CharField(_("qualification"), max_length=64)
    jury_name = models.CharField(_("jury"), max_length=128)
    approval_document_number = models.CharField(_("approval document number"), max_length=64)
    approval_date = models.DateField(_("approval date"))
    issuing_authority_name = models.CharField(_("issuing authority"), max_length=128)
    issued_on = models.DateField(_("issued on"))

    # The fields above, the number first, as printed: signed (signing.py), rendered
    # (rendering.py) and answered by the API; the public verification shows them without
    # the ID document (its number masked instead).
    PRINTED_FIELDS = (
        "number",
        "holder_name",
        "gender",
        "id_type",
        "id_number",
        "employer_name",
        "series_name",
        "specialty_name",
        "level",
        "level_name",
        "qualification_name",
        "jury_name",
        "approval_document_number",
        "approval_date",
        "issuing_authority_name",
        "issued_on",
    )
    PUBLIC_FIELDS = tuple(
        name for name in PRINTED_FIELDS if name not in ("id_type", "id_number", "level")
    )

    signature = models.CharField(_("signature"), max_length=128)
    signing_key_id = models.CharField(_("signing key"), max_length=32)
    # Which algorithm made the signature: a certificate signed before the setting changed
    # keeps verifying with its own algorithm and key.
    signature_algorithm = models.CharField(
        _("signature algorithm"),
        max_length=8,
        choices=SignatureAlgorithm.choices,
        default=configured_signature_algorithm,
    )

    photo = models.FileField(_("photo"), max_length=200, blank=True)
    pdf = models.FileField(_("PDF"), max_length=200, blank=True)
    pdf_size = models.PositiveIntegerField(_("PDF size in bytes"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.VALID, db_index=True
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_for_fraud = models.BooleanField(_("revoked for fraud"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-year", "authority_code", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority_code", "year", "sequence"], name="unique_certificate_sequence"
            )
        ]
        # The lists' order: a page is read from here, not sorted from every certificate.
        indexes = [
            models.Index(
                fields=["-year", "authority_code", "-sequence"], name="certificate_list_order"
            )
        ]

    def __str__(self):
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED


class CertificateIssue(models.Model):
    """Each time a certificate was issued: first, then every reissue of a lost one (same
    number, new issue date)."""

    class Kind(models.TextChoices):
        ISSUE = "issue", _("Issued")
        REISSUE = "reissue", _("Reissued")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="issues")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    issued_on = models.DateField(_("issued on"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate issue")
        verbose_name_plural = _("certificate issues")
        ordering = ["certificate_id", "created_at", "pk"]

    def __str__(self):
        return f"{self.certificate} {self.get_kind_display()} {self.issued_on}"


class IssueFailure(models.Model):
    """A declaration of an approved filing that the batch could not issue or render yet; the
    bureau retries, and a later success removes the row."""

    class Stage(models.TextChoices):
        ISSUE = "issue", _("Issuing")
        RENDER = "render", _("Rendering the PDF")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="failures")
    declaration = models.ForeignKey(
        "applicants.Declaration", on_delete=models.CASCADE, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    message = models.TextField(_("message"))
    occurred_at = models.DateTimeField(_("occurred at"), auto_now=True)

    class Meta:
        verbose_name = _("issue failure")
        verbose_name_plural = _("issue failures")
        ordering = ["filing_id", "declaration_id"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "declaration"], name="one_failure_per_entry")
        ]

    def __str__(self):
        return f"{self.filing_id}: {self.declaration_id} ({self.stage})"


class VerificationLog(models.Model):
    """One look-up of a certificate number, kept so that the holder can see who looked
    their certificate up and when."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Verification page")
        API = "api", _("API")

    class Result(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        UNKNOWN = "unknown", _("Unknown")
        INVALID = "invalid", _("Signature does not match")

    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.CASCADE, related_name="lookups"
    )
    number = models.CharField(_("number looked up"), max_length=64)
    result = models.CharField(_("result"), max_length=8, choices=Result.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    looked_up_at = models.DateTimeField(_("looked up at"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("verification look-up")
        verbose_name_plural = _("verification look-ups")
        ordering = ["-looked_up_at", "-pk"]
        indexes = [
            models.Index(
                fields=["certificate", "-looked_up_at"],
                condition=Q(certificate__isnull=False),
                name="lookups_by_certificate",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.result} {self.looked_up_at:%Y-%m-%d %H:%M}"
