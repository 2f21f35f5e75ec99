"""What a locked-out sign-in is told (django-axes calls `lockout_response`), and unlocking."""

from axes.helpers import get_cool_off
from axes.utils import reset
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import SecurityEvent
from accounts.security_events import record_security_event
from core.encrypted_fields import digest_of
from core.masking import looks_like_id_number


def throttled_name(request, credentials) -> str:
    """The name failures are counted against: the username as typed, or for a typed ID
    number its keyed hash, one name however it is spaced or cased."""
    typed = (credentials or {}).get("username") or ""
    if looks_like_id_number(typed):
        return "id:" + digest_of(typed)[:32]
    return typed


def lockout_message(request) -> str:
    cool_off = get_cool_off(request)
    until = timezone.localtime(timezone.now() + cool_off)
    return _(
        "Too many failed sign-ins for this account or from this address. Signing in is "
        "refused until %(time)s (%(minutes)d minutes after the last attempt), even with the "
        "right password. An administrator can unlock it sooner."
    ) % {
        "time": formats.time_format(until, "H:i"),
        "minutes": int(cool_off.total_seconds() // 60),
    }


def lockout_response(request, original_response=None, credentials=None):
    message = lockout_message(request)
    retry_after = str(int(get_cool_off(request).total_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    elif request.path.startswith("/admin/"):
        messages.error(request, message)
        context = {
            **admin.site.each_context(request),
            "form": AdminAuthenticationForm(request),
            "lockout_message": message,
            "title": _("Log in"),
        }
        response = render(request, "admin/login.html", context, status=429)
    else:
        from accounts.auth_urls import AuthenticationForm

        context = {"form": AuthenticationForm(request), "lockout_message": message}
        response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = retry_after
    return response


def unlock_sign_in(*, username: str, actor, request=None) -> int:
    """Forget the failures counted against an account, so that it can sign in again now."""
    removed = reset(username=username)
    user = _user_named(username)
    if user is not None and user.id_number:
        removed += reset(username=throttled_name(request, {"username": user.id_number}))
    record_security_event(
        SecurityEvent.Kind.UNLOCKED,
        request=request,
        user=user,
        username=username,
        actor=actor,
    )
    return removed


def _user_named(username):
    from accounts.models import User

    return User.objects.filter(username=username).first()
