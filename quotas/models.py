from django.db import models
from django.utils.translation import gettext_lazy as _


class PostData(models.Model):
    """One institution's approved posts and their holders at one level for one year, as filed
    on the annual post-appointment audit form (岗位聘用年度审核表)."""

    class PostLevel(models.TextChoices):
        FULL_SENIOR = "full_senior", _("Full senior posts")
        DEPUTY_SENIOR = "deputy_senior", _("Deputy senior posts")
        INTERMEDIATE = "intermediate", _("Intermediate posts")
        DOUBLE_ORIENTATION = "double_orientation", _("Double-orientation grassroots posts")

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
