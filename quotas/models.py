from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quotas.rule import Outcome, steps_from_json


class PostLevel(models.TextChoices):
    FULL_SENIOR = "full_senior", _("Full senior posts")
    DEPUTY_SENIOR = "deputy_senior", _("Deputy senior posts")
    INTERMEDIATE = "intermediate", _("Intermediate posts")
    DOUBLE_ORIENTATION = "double_orientation", _("Double-orientation grassroots posts")


class PostData(models.Model):
    """One institution's approved posts and their holders at one level for one year, as filed
    on the annual post-appointment audit form (岗位聘用年度审核表). The institution files it;
    the HR bureau above approves it, and only approved figures give a quota."""

    PostLevel = PostLevel

    institution = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="post_data"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    post_level = models.CharField(_("post level"), max_length=20, choices=PostLevel.choices)
    approved_posts = models.PositiveIntegerField(_("approved posts"))
    qualified_hired = models.PositiveIntegerField(_("qualified and hired"))
    qualified_not_hired = models.PositiveIntegerField(_("qualified, not hired"))
    freed_by_retirement = models.PositiveIntegerField(_("posts freed by retirement"), default=0)
    freed_by_transfer = models.PositiveIntegerField(_("posts freed by transfer"), default=0)
    freed_other = models.PositiveIntegerField(_("posts freed otherwise"), default=0)
    audit_form_approved = models.BooleanField(_("audit form approved"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("post data")
        verbose_name_plural = _("post data")
        ordering = ["institution", "year", "post_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "post_level"], name="unique_post_data"
            )
        ]

    def __str__(self):
        return f"{self.institution} {self.year} {self.get_post_level_display()}"

    @property
    def qualified(self) -> int:
        return self.qualified_hired + self.qualified_not_hired

    @property
    def freed(self) -> int:
        return self.freed_by_retirement + self.freed_by_transfer + self.freed_other


class Quota(models.Model):
    """The declaration quota of one institution at one post level for one year, as last
    computed, with the steps that reached it. It is also the ledger row that a recommendation
    locks (SELECT … FOR UPDATE) before it counts and takes a place, so that concurrent
    recommendations at the same institution and level queue up in PostgreSQL."""

    Outcome = Outcome

    institution = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="quotas"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    post_level = models.CharField(_("post level"), max_length=20, choices=PostLevel.choices)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.NO_AUDIT_FORM
    )
    places = models.PositiveIntegerField(_("places"), default=0)
    ratio_percent = models.DecimalField(
        _("ratio (%)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    explanation = models.JSONField(_("how it was reached"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("declaration quota")
        verbose_name_plural = _("declaration quotas")
        ordering = ["institution", "-year", "post_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "post_level"], name="unique_quota"
            )
        ]

    def __str__(self):
        return f"{self.institution} {self.year} {self.get_post_level_display()}"

    @property
    def is_open(self) -> bool:
        return self.outcome in (Outcome.VACANT_POSTS, Outcome.TRANSITIONAL)

    @property
    def places_left(self) -> int:
        """Needs `taken`, as annotated by selectors.visible_quotas."""
        return max(self.places - self.taken, 0) if self.is_open else 0

    def steps(self):
        return steps_from_json(self.explanation)

    def explanation_texts(self) -> list[str]:
        return [step.text for step in self.steps()]


class ActiveReservationManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(released_at__isnull=True)


class Reservation(models.Model):
    """One place of a quota, taken when the employer recommends a declaration and given back
    when the declaration is returned, withdrawn or rejected. Released rows are kept as the
    record of who used the quota."""

    quota = models.ForeignKey(Quota, on_delete=models.PROTECT, related_name="reservations")
    declaration = models.ForeignKey(
        "applicants.Declaration", on_delete=models.PROTECT, related_name="quota_reservations"
    )
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reserved_at = models.DateTimeField(_("reserved at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_reason = models.CharField(_("released because"), max_length=32, blank=True)

    objects = models.Manager()
    active = ActiveReservationManager()

    class Meta:
        verbose_name = _("quota reservation")
        verbose_name_plural = _("quota reservations")
        ordering = ["-reserved_at", "-pk"]
        constraints = [
            # A declaration holds at most one place at a time, whatever Python thinks.
            models.UniqueConstraint(
                fields=["declaration"],
                condition=models.Q(released_at__isnull=True),
                name="one_active_reservation_per_declaration",
            )
        ]
        indexes = [
            models.Index(
                fields=["quota"],
                condition=models.Q(released_at__isnull=True),
                name="active_reservations_by_quota",
            )
        ]

    def __str__(self):
        return f"{self.quota} · {self.declaration_id}"


class DoubleOrientationChoice(models.Model):
    """The employer's word that a declaration is for one of its double-orientation grassroots
    posts (双定向). Such a declaration takes its place from the institution's separate
    double-orientation pool instead of the pool of its title level. Set before recommending;
    the choice cannot change while the declaration holds a place."""

    declaration = models.OneToOneField(
        "applicants.Declaration", on_delete=models.CASCADE, related_name="double_orientation"
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("double-orientation post choice")
        verbose_name_plural = _("double-orientation post choices")

    def __str__(self):
        return str(self.declaration_id)


class QuotaFlag(models.Model):
    """Raised by the quota check when an institution is suspended at a level, or has more
    places taken than its quota now allows; resolved by the check once that is no longer so."""

    class Reason(models.TextChoices):
        SUSPENDED = "suspended", _("Suspended: ratio above the threshold")
        OVER_QUOTA = "over_quota", _("More places taken than the quota allows")

    institution = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="quota_flags"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    post_level = models.CharField(_("post level"), max_length=20, choices=PostLevel.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    places = models.PositiveIntegerField(_("places"), default=0)
    reserved = models.PositiveIntegerField(_("places taken"), default=0)
    ratio_percent = models.DecimalField(
        _("ratio (%)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quota flag")
        verbose_name_plural = _("quota flags")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "post_level", "reason"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_flag_per_reason",
            )
        ]

    def __str__(self):
        return f"{self.institution} {self.year} {self.get_post_level_display()}: {self.reason}"
