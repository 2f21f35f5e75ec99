"""The second factor (TOTP, django-otp): who must use one, enrolment with backup codes,
checking a code, removal, and the middleware that keeps an unverified session at the door."""

import math

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent, User
from accounts.security_events import record_security_event

Kind = SecurityEvent.Kind
AUTHENTICATOR = "authenticator"
BACKUP_CODES = "backup codes"


def is_required(user: User, memberships=None) -> bool:
    """SECOND_FACTOR_REQUIRED and the person is Django staff or holds a listed role."""
    if not settings.SECOND_FACTOR_REQUIRED:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if memberships is None:
        memberships = user.memberships.filter(is_active=True)
    required = set(settings.SECOND_FACTOR_REQUIRED_ROLES)
    return any(membership.role in required for membership in memberships)


def authenticator_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows, made once and kept until
    confirmed, so that reloading the page does not change the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


@transaction.atomic
def confirm_enrolment(*, request, user: User, code: str) -> list[str] | None:
    """Checks the first code from the new authenticator; on success the device is the
    person's one authenticator, the session counts as verified, and fresh backup codes are
    returned (shown once). None when the code is wrong."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, name=AUTHENTICATOR)
        .first()
    )
    if device is None or not device.verify_token(_digits(code)):
        record_security_event(
            Kind.SECOND_FACTOR_FAILED, request=request, user=user, detail="enrolment"
        )
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    passed(request)
    record_security_event(Kind.SECOND_FACTOR_ENROLLED, request=request, user=user)
    return issue_backup_codes(request=request, user=user)


@transaction.atomic
def issue_backup_codes(*, request, user: User) -> list[str]:
    """A new set of single-use codes; any earlier set stops working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record_security_event(Kind.BACKUP_CODES_ISSUED, request=request, user=user)
    return codes


def check_code(*, user: User, code: str, request=None):
    """The device that accepts `code` (the authenticator's six digits or a backup code), or
    None. Each device throttles repeated failures itself."""
    code = (code or "").strip().replace(" ", "")
    with transaction.atomic():
        devices = [
            *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
            *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
        ]
        for device in devices:
            if device.verify_token(code):
                detail = "backup code" if isinstance(device, StaticDevice) else ""
                record_security_event(
                    Kind.SECOND_FACTOR_VERIFIED, request=request, user=user, detail=detail
                )
                return device
    record_security_event(Kind.SECOND_FACTOR_FAILED, request=request, user=user)
    return None


def verify_session(*, request, code: str) -> bool:
    device = check_code(user=request.user, code=code, request=request)
    if device is None:
        return False
    otp_login(request, device)
    passed(request)
    return True


@transaction.atomic
def remove_second_factor(*, user: User, actor: User, request=None) -> None:
    """Deletes the authenticator and backup codes: the person enrols again at next sign-in
    (recovery by an administrator, or the person's own choice where not required)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_security_event(Kind.SECOND_FACTOR_REMOVED, request=request, user=user, actor=actor)


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


# Set at sign-in when the session must still pass the second factor: "verify" (the person has
# an authenticator) or "setup" (their role requires one and they have none yet). Decided once,
# so that pages cost no query for it.
PENDING_SESSION_KEY = "second_factor_pending"


@receiver(user_logged_in, dispatch_uid="accounts.second_factor.pending")
def _decide_at_sign_in(sender, request, user, **kwargs):
    if not hasattr(request, "session"):
        return
    if is_enrolled(user):
        request.session[PENDING_SESSION_KEY] = "verify"
    elif is_required(user):
        request.session[PENDING_SESSION_KEY] = "setup"


def passed(request) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


def pending_step(request) -> str | None:
    """ "verify" or "setup" while this signed-in session has not passed the second factor it
    needs, else None."""
    if not request.user.is_authenticated:
        return None
    return request.session.get(PENDING_SESSION_KEY)


class SecondFactorRequiredMiddleware:
    """Past the password, nothing but the second-factor pages, signing out and the language
    switch until the code is given (or, for someone who must have one, until enrolled)."""

    OPEN_URL_NAMES = (
        "second_factor_verify",
        "second_factor_setup",
        "logout",
        "set_language",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = pending_step(request)
        if step and not self._open(request.path):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": _(
                            "Enter the code of your second factor on the sign-in page first."
                        ),
                        "code": "second_factor_required",
                    },
                    status=403,
                )
            target = "second_factor_verify" if step == "verify" else "second_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _open(self, path: str) -> bool:
        if path.startswith(settings.STATIC_URL) or path.startswith("/" + settings.STATIC_URL):
            return True
        return path in {reverse(name) for name in self.OPEN_URL_NAMES}


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=BACKUP_CODES).count()


def seconds_until_next_try(user: User) -> int:
    """How long the devices' own throttling (1, 2, 4, … seconds after successive wrong codes)
    still refuses every code, even the right one; 0 when a code may be tried now."""
    now = timezone.now()
    waits = [0]
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user):
            allowed, data = device.verify_is_allowed()
            if not allowed and data and data.get("locked_until"):
                waits.append(math.ceil((data["locked_until"] - now).total_seconds()))
    return max(waits)


def refusal_message(wait: int) -> str:
    """Why a code was not taken: `wait`, read before trying it, says whether the devices were
    still throttled after earlier wrong codes; otherwise the code was wrong."""
    if wait > 0:
        return ngettext(
            "Too many wrong codes: wait %(seconds)d second, then enter the code shown now.",
            "Too many wrong codes: wait %(seconds)d seconds, then enter the code shown now.",
            wait,
        ) % {"seconds": wait}
    return _(
        "That code is not right. Enter the six digits your authenticator app shows now, "
        "or one of your backup codes."
    )
