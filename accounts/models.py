from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.identity_numbers import validate_credit_code, validate_resident_id
from core.encrypted_fields import EncryptedCharField, LookupDigestField


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
    # Encrypted at rest (core/encrypted_fields.py); the digest finds a whole number.
    id_number = EncryptedCharField(_("ID document number"), max_length=32, blank=True)
    id_number_digest = LookupDigestField(_("ID document number"), source="id_number")
    phone = EncryptedCharField(_("mobile phone"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("must change password at next sign-in"), default=False
    )
    password_changed_at = models.DateTimeField(_("password last changed"), null=True, blank=True)
    # Every session and API token begun before this moment is dead: set on signing out,
    # changing the password and deactivation.
    sign_ins_ended_at = models.DateTimeField(
        _("sessions and tokens ended"), null=True, blank=True, editable=False
    )
    # Messages to the person are written in this language, whoever sends them; it follows
    # the language switch and the language chosen when signing in (accounts/language.py).
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    email_notifications = models.BooleanField(_("e-mail my messages to me"), default=True)

    REQUIRED_FIELDS = ["email", "real_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number_digest"],
                condition=~models.Q(id_number_digest=""),
                name="unique_id_document",
            )
        ]

    def __str__(self):
        return self.real_name or self.username

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._stored_is_active = user.__dict__.get("is_active")
        user._stored_sign_ins_ended_at = user.__dict__.get("sign_ins_ended_at")
        return user

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = self.sign_ins_ended_at = timezone.now()

    def save(self, *args, **kwargs):
        if getattr(self, "_stored_is_active", None) and not self.is_active:
            self.sign_ins_ended_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"password", "is_active"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "password_changed_at", "sign_ins_ended_at"}
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "id_number_digest"}
        ended = self.pk is not None and self.sign_ins_ended_at != getattr(
            self, "_stored_sign_ins_ended_at", None
        )
        super().save(*args, **kwargs)
        self._stored_is_active = self.is_active
        self._stored_sign_ins_ended_at = self.sign_ins_ended_at
        if ended:
            from knox.models import AuthToken

            AuthToken.objects.filter(user=self).delete()

    def _get_session_auth_hash(self, secret=None):
        # Django ties a session to the password hash; ending every sign-in moves it on too.
        ended = self.sign_ins_ended_at.isoformat() if self.sign_ins_ended_at else ""
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}|{ended}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

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


class SecurityEvent(models.Model):
    """What happened at the door: sign-ins, failures, lockouts, second-factor and token
    changes. Written once, never edited; the administrator reads them in the admin."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Locked out after repeated failures")
        UNLOCKED = "unlocked", _("Sign-in unlocked")
        SIGNED_OUT = "signed_out", _("Signed out")
        SESSION_EXPIRED = "session_expired", _("Session expired")
        SIGN_INS_ENDED = "sign_ins_ended", _("Every session and token ended")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
        PASSWORD_RESET = "password_reset", _("Password reset by e-mailed link")
        SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor enrolled")
        SECOND_FACTOR_VERIFIED = "second_factor_verified", _("Second factor verified")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Wrong second-factor code")
        SECOND_FACTOR_REMOVED = "second_factor_removed", _("Second factor removed")
        BACKUP_CODES_ISSUED = "backup_codes_issued", _("Backup codes issued")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")

    class Channel(models.TextChoices):
        PAGE = "page", _("Web pages")
        API = "api", _("API")
        ADMIN = "admin", _("Admin site")

    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_events",
    )
    # As typed at sign-in, so that guesses at accounts that do not exist are seen too.
    username = models.CharField(_("username"), max_length=150, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Someone other than the account holder, such as an administrator."),
    )
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser or client"), max_length=256, blank=True)
    channel = models.CharField(_("way in"), max_length=8, choices=Channel.choices, blank=True)
    detail = models.CharField(_("detail"), max_length=256, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-at"], name="security_event_user_at"),
            models.Index(fields=["kind", "-at"], name="security_event_kind_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username} {self.at:%Y-%m-%d %H:%M:%S}"
