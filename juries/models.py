from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
        "accounts.Organization", verbose_name=_("established by"), on_delete=models.PROTECT,
        related_name="established_juries",
    )
    office = models.ForeignKey(
        "accounts.Organization", verbose_name=_("jury office"), on_delete=models.PROTECT,
        related_name="juries",
    )
    approval_document_number = models.CharField(_("approval document number"), max_length=64, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("juries")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Expert(models.Model):
    """A member of a jury's expert library."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")

    jury = models.ForeignKey(Jury, on_delete=models.PROTECT, related_name="experts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_seats")
    specialty = models.ForeignKey("titles.Specialty", on_delete=models.PROTECT, related_name="experts")
    title_level = models.PositiveSmallIntegerField(_("title level"), choices=Level.choices)
    employer = models.ForeignKey(
        "accounts.Organization", verbose_name=_("employer"), on_delete=models.PROTECT,
        related_name="experts",
    )
    position = models.CharField(_("position"), max_length=12, choices=Position.choices, default=Position.MEMBER)
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
