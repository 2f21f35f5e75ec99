"""Juries and their expert libraries, and the interests experts declare."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.encrypted_fields import EncryptedCharField
from titles.models import Level


class Jury(models.Model):
    """A review jury (评审委员会) for one series, or one specialty of it, and a band of levels,
    established by an authorized body and approved by the HR bureau for a limited term."""

    name = models.CharField(_("name"), max_length=128)
    series = models.ForeignKey("titles.Series", on_delete=models.PROTECT, related_name="juries")
    specialty = models.ForeignKey(
        "titles.Specialty", null=True, blank=True, on_delete=models.PROTECT, related_name="juries"
    )
    min_level = models.PositiveSmallIntegerField(_("lowest level"), choices=Level.choices)
    max_level = models.PositiveSmallIntegerField(_("highest level"), choices=Level.choices)
    established_by = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("established by"),
        on_delete=models.PROTECT,
        related_name="established_juries",
    )
    office = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("jury office"),
        on_delete=models.PROTECT,
        related_name="juries",
    )
    approval_document_number = models.CharField(
        _("approval document number"), max_length=64, blank=True
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("juries")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None and self.valid_until is not None

    def is_valid_on(self, day) -> bool:
        """Approved and within its term on `day`: an expired jury may not meet."""
        return self.is_approved and self.approved_on <= day <= self.valid_until

    @property
    def is_senior(self) -> bool:
        return self.max_level >= Level.DEPUTY_SENIOR


class Expert(models.Model):
    """A member of a jury's expert library."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")

    jury = models.ForeignKey(Jury, on_delete=models.PROTECT, related_name="experts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_seats"
    )
    specialty = models.ForeignKey(
        "titles.Specialty", on_delete=models.PROTECT, related_name="experts"
    )
    title_level = models.PositiveSmallIntegerField(_("title level"), choices=Level.choices)
    employer = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="experts",
    )
    position = models.CharField(
        _("position"), max_length=12, choices=Position.choices, default=Position.MEMBER
    )
    term_starts = models.DateField(_("term starts"))
    term_ends = models.DateField(_("term ends"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["jury", "specialty", "user__real_name"]
        constraints = [models.UniqueConstraint(fields=["jury", "user"], name="unique_expert_seat")]

    def __str__(self):
        return f"{self.user} ({self.jury})"

    def serves_on(self, day) -> bool:
        return self.is_active and self.term_starts <= day <= self.term_ends


class ExpertInterest(models.Model):
    """An interest an expert declares: once for their whole term (a relative, a collaborator, a
    unit they are tied to), or during a meeting against one candidate, which recuses them."""

    class Relation(models.TextChoices):
        RELATIVE = "relative", _("Relative")
        COLLABORATOR = "collaborator", _("Collaborator or co-author")
        TEACHER_STUDENT = "teacher_student", _("Teacher or student")
        FORMER_EMPLOYER = "former_employer", _("Former or part-time employer")
        OTHER = "other", _("Other interest")

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="interests")
    meeting = models.ForeignKey(
        "ReviewMeeting", null=True, blank=True, on_delete=models.CASCADE, related_name="interests"
    )
    candidate = models.ForeignKey(
        "Candidate", null=True, blank=True, on_delete=models.CASCADE, related_name="interests"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    person_name = models.CharField(_("person's name"), max_length=64, blank=True)
    person_id_number = EncryptedCharField(  # core/encrypted_fields.py
        _("person's ID document number"), max_length=32, blank=True
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declared interest")
        verbose_name_plural = _("declared interests")
        ordering = ["expert_id", "-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(person_name="")
                | Q(organization__isnull=False)
                | Q(candidate__isnull=False),
                name="interest_names_someone",
            )
        ]

    def __str__(self):
        return f"{self.expert}: {self.get_relation_display()}"
