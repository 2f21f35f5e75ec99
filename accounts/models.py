from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.identity_numbers import validate_credit_code, validate_resident_id


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Mainland resident ID card")
    HK_MACAO_PERMIT = "hk_macao_permit", _("Mainland travel permit for Hong Kong and Macao")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    PASSPORT = "passport", _("Passport")
    FOREIGNER_PERMIT = "foreigner_permit", _("Foreigner's permanent residence ID card")


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    EMPLOYER_HR = "employer_hr", _("Employer HR staff")
    DEPARTMENT_REVIEWER = "department_reviewer", _("Competent department reviewer")
    JURY_OFFICE = "jury_office", _("Jury office staff")
    EXPERT = "expert", _("Jury expert")
    HR_BUREAU = "hr_bureau", _("HR bureau staff")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    real_name = models.CharField(_("real name"), max_length=64)
    id_type = models.CharField(
        _("ID document type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("ID document number"), max_length=32, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("must change password at next sign-in"), default=False
    )

    REQUIRED_FIELDS = ["email", "real_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                condition=~models.Q(id_number=""),
                name="unique_id_document",
            )
        ]

    def __str__(self):
        return self.real_name or self.username

    def clean(self):
        super().clean()
        self.id_number = (self.id_number or "").strip().upper()
        if self.id_type == IdType.RESIDENT_ID and self.id_number:
            try:
                validate_resident_id(self.id_number)
            except ValidationError as error:
                raise ValidationError({"id_number": error.messages}) from error


class Organization(models.Model):
    class Kind(models.TextChoices):
        PROVINCE_BUREAU = "province_bureau", _("Provincial HR bureau")
        CITY_BUREAU = "city_bureau", _("City HR bureau")
        COUNTY_BUREAU = "county_bureau", _("County HR bureau")
        DEPARTMENT = "department", _("Competent department")
        PUBLIC_INSTITUTION = "public_institution", _("Public institution")
        ENTERPRISE = "enterprise", _("Enterprise")
        OTHER_UNIT = "other_unit", _("Other employer")
        JURY_OFFICE = "jury_office", _("Jury office")

    BUREAU_KINDS = (Kind.PROVINCE_BUREAU, Kind.CITY_BUREAU, Kind.COUNTY_BUREAU)
    EMPLOYER_KINDS = (Kind.PUBLIC_INSTITUTION, Kind.ENTERPRISE, Kind.OTHER_UNIT)

    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/1/4/9/": the ids from the root down to this organization, so that a whole subtree is
    # one indexed prefix query. Organizations never move, so the path never changes.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]

    def __str__(self):
        return self.name

    @property
    def depth(self):
        return self.path.count("/") - 2

    @property
    def is_bureau(self):
        return self.kind in self.BUREAU_KINDS

    @property
    def is_employer(self):
        return self.kind in self.EMPLOYER_KINDS

    def is_within(self, other: "Organization") -> bool:
        """True when this organization is `other` or below it in the tree."""
        return self.path.startswith(other.path)


class Membership(models.Model):
    """A user's role in one organization. A user may hold several (an expert is also an
    employee of their unit), but never a reviewing role in the unit they declare from."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="unique_membership"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"
