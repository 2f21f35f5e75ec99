"""Passwords: the composition rule beyond Django's own validators, when a signed-in person must
change theirs first (set by someone else, or too old), and the forgotten-password link (its
token, the request, the e-mail sent by a Celery task, and the reset itself)."""

import string
import time
from dataclasses import dataclass
from datetime import timedelta

from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib.auth.password_validation import (
    UserAttributeSimilarityValidator,
    get_default_password_validators,
)
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import SecurityEvent, User
from accounts.security_events import record_security_event
from core.outbox import send_on_commit
from core.rate_limit import AddressRateLimit

Kind = SecurityEvent.Kind

# --- the composition rule -------------------------------------------------------------------


class CharacterClassValidator:
    """At least `min_classes` of: upper-case letters, lower-case letters, digits, symbols; and
    not the account's username, ID document number or mobile phone number written inside it,
    which Django's similarity validator misses once the password is a little longer
    ("Zhangsan@2026!" for the username zhangsan)."""

    CLASSES = (
        (lambda c: c.isupper(), "upper"),
        (lambda c: c.islower(), "lower"),
        (lambda c: c in string.digits, "digit"),
        (lambda c: not c.isalnum(), "symbol"),
    )
    # Shorter values would refuse innocent passwords ("li" is in "Oslo-lights-7").
    PERSONAL_MIN_LENGTH = 4
    PERSONAL_FIELDS = ("username", "id_number", "phone")

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        errors = []
        used = sum(any(test(c) for c in password) for test, _name in self.CLASSES)
        if used < self.min_classes:
            errors.append(
                ValidationError(
                    _(
                        "This password uses too few kinds of character: use at least %(count)d "
                        "of upper-case letters, lower-case letters, digits and symbols."
                    )
                    % {"count": self.min_classes},
                    code="password_too_simple",
                )
            )
        field = self._personal_value_inside(password, user)
        if field is not None:
            errors.append(
                ValidationError(self._personal_message(field), code="password_contains_" + field)
            )
        if errors:
            raise ValidationError(errors)

    def _personal_value_inside(self, password, user):
        if user is None:
            return None
        squeezed = _letters_and_digits(password)
        for field in self.PERSONAL_FIELDS:
            value = _letters_and_digits(str(getattr(user, field, "") or ""))
            if len(value) >= self.PERSONAL_MIN_LENGTH and value in squeezed:
                if field == "username" and _too_similar(password, user):
                    return None  # already refused, with its own reason
                return field
        return None

    @staticmethod
    def _personal_message(field):
        if field == "username":
            return _("The password must not contain your username.")
        if field == "id_number":
            return _("The password must not contain your ID document number.")
        return _("The password must not contain your mobile phone number.")

    def get_help_text(self):
        return (
            ngettext(
                "Use at least %(count)d kind of character among upper-case letters, lower-case "
                "letters, digits and symbols.",
                "Use at least %(count)d kinds of character among upper-case letters, lower-case "
                "letters, digits and symbols.",
                self.min_classes,
            )
            % {"count": self.min_classes}
            + " "
            + _("Do not put your username, ID document number or mobile phone number in it.")
        )


def _too_similar(password, user) -> bool:
    """Whether the configured similarity validator refuses the password already."""
    for validator in get_default_password_validators():
        if isinstance(validator, UserAttributeSimilarityValidator):
            try:
                validator.validate(password, user)
            except ValidationError:
                return True
    return False


def _letters_and_digits(text: str) -> str:
    """ "Zhang.San-2026" -> "zhangsan2026": separators do not hide a name."""
    return "".join(c for c in text.casefold() if c.isalnum())


# --- a password that must change first ------------------------------------------------------


@dataclass(frozen=True)
class PasswordChangeDue:
    """Why a signed-in person must choose a new password before anything else."""

    SET_BY_SOMEONE_ELSE = "password_change_required"
    EXPIRED = "password_expired"

    code: str
    max_age_days: int = 0

    @property
    def expired(self) -> bool:
        return self.code == self.EXPIRED

    def api_message(self) -> str:
        if self.expired:
            return ngettext(
                "Your password is more than %(days)d day old and has expired. Change it on the "
                "password page, then use the API again.",
                "Your password is more than %(days)d days old and has expired. Change it on the "
                "password page, then use the API again.",
                self.max_age_days,
            ) % {"days": self.max_age_days}
        return _(
            "Your account was set up for you with a starting password. Choose your own on the "
            "password page, then use the API again."
        )


def password_change_due(user) -> PasswordChangeDue | None:
    """None while the person may go anywhere; else why they must first change their password:
    someone else set it (must_change_password), or it is older than PASSWORD_MAX_AGE_DAYS
    (counted from password_changed_at, or from date_joined for a password never changed)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.must_change_password:
        return PasswordChangeDue(PasswordChangeDue.SET_BY_SOMEONE_ELSE)
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if max_age > 0:
        changed = user.password_changed_at or user.date_joined
        if changed is None or timezone.now() - changed > timedelta(days=max_age):
            return PasswordChangeDue(PasswordChangeDue.EXPIRED, max_age_days=max_age)
    return None


# --- the forgotten-password link ------------------------------------------------------------


class ForgottenPasswordTokenGenerator(PasswordResetTokenGenerator):
    """The token of a forgotten-password link: its own salt, so that neither an activation
    link nor this one opens the other's page; valid PASSWORD_RESET_LINK_MINUTES (activation
    links keep PASSWORD_RESET_TIMEOUT); and once only, since the hash covers the password."""

    key_salt = "accounts.passwords.ForgottenPasswordTokenGenerator"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        issued = base36_to_int(token.split("-")[0])
        lifetime = settings.PASSWORD_RESET_LINK_MINUTES * 60
        return self._num_seconds(self._now()) - issued <= lifetime


forgotten_password_tokens = ForgottenPasswordTokenGenerator()


def reset_path(user: User) -> str:
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": forgotten_password_tokens.make_token(user),
        },
    )


def _accounts_with_email(email: str) -> list[User]:
    """Active accounts holding this address, compared as Django's own reset form does."""
    wanted = (email or "").strip().casefold()
    if not wanted:
        return []
    return [
        user
        for user in User.objects.filter(email__iexact=wanted, is_active=True).order_by("pk")
        if user.email.strip().casefold() == wanted
    ]


@transaction.atomic
def request_password_reset(*, email: str, request=None) -> int:
    """Queue the e-mail for every active account with this address, in the requester's
    language, once the transaction commits; returns how many, which the page never shows
    (the answer is the same whether the address is known or not).

    An account with a password gets a forgotten-password link. An account created for
    someone and not yet activated (no usable password) has no password to forget: it gets
    its activation link again, which is what its holder is missing. Deactivated accounts get
    nothing."""
    from accounts.tasks import send_activation_email, send_password_reset_email

    language = translation.get_language() or settings.LANGUAGE_CODE
    requested_at = time.time()
    accounts = _accounts_with_email(email)
    for user in accounts:
        if user.has_usable_password():
            send_on_commit(send_password_reset_email, user.pk, language, requested_at)
            detail = ""
        else:
            send_on_commit(send_activation_email, user.pk, language)
            detail = "activation link sent again"
        record_security_event(
            Kind.PASSWORD_RESET_REQUESTED, request=request, user=user, detail=detail
        )
    return len(accounts)


def email_password_reset_link(
    *, user_id: int, language: str | None = None, requested_at: float | None = None
) -> bool:
    """E-mail the forgotten-password link. Nothing is sent to an account that has meanwhile
    been deactivated or lost its password, has changed its password since the request, or
    when the request is older than the link's lifetime: a redelivered or long-delayed task
    does no harm."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    lifetime = settings.PASSWORD_RESET_LINK_MINUTES * 60
    if requested_at is not None:
        if time.time() - requested_at > lifetime:
            return False
        changed = user.password_changed_at
        if changed is not None and changed.timestamp() > requested_at:
            return False
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "reset_url": settings.SITE_URL.rstrip("/") + reset_path(user),
            "expires_in_minutes": settings.PASSWORD_RESET_LINK_MINUTES,
        }
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


@transaction.atomic
def complete_password_reset(*, user: User, password: str, request=None) -> User:
    """Set the password chosen through a forgotten-password link (validated by the form).
    Every other session and API token ends (User.set_password), the link stops working, a
    must-change requirement is met, and failed sign-ins counted against the account are
    forgotten, so that its holder can sign in at once."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record_security_event(Kind.PASSWORD_RESET, request=request, user=user)
    if reset_sign_in_failures(username=user.get_username()):
        record_security_event(Kind.UNLOCKED, request=request, user=user, detail="password reset")
    return user


# Requests for a forgotten-password link per client address (PASSWORD_RESET_RATE_LIMIT): enough
# for a person who mistypes their address, too few to mail-bomb or probe many accounts.
reset_request_limit = AddressRateLimit("accounts:password_reset", "PASSWORD_RESET_RATE_LIMIT")
