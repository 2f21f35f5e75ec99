"""The one writer of security events, and the sign-in signals it listens to."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts.models import SecurityEvent
from core.client_ip import client_ip
from core.encrypted_fields import matching
from core.masking import looks_like_id_number, mask_id_number

logger = logging.getLogger("zhicheng.security")

Kind = SecurityEvent.Kind


def channel_of(request) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith("/api/"):
        return SecurityEvent.Channel.API
    if path.startswith("/admin/"):
        return SecurityEvent.Channel.ADMIN
    return SecurityEvent.Channel.PAGE


def record_security_event(
    kind: str, *, request=None, user=None, username: str = "", actor=None, detail: str = ""
) -> SecurityEvent:
    """Stores the event and writes it to the `zhicheng.security` log, for a SIEM to collect."""
    if user is not None and not username:
        username = user.get_username()
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:150],
        actor=actor if actor is not None and actor != user else None,
        ip_address=client_ip(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:256] if request is not None else "",
        channel=channel_of(request) if request is not None else "",
        detail=detail[:256],
    )
    logger.info(
        "security event %s user=%r ip=%s channel=%s actor=%s %s",
        kind,
        event.username,
        event.ip_address,
        event.channel,
        getattr(actor, "pk", None),
        detail,
    )
    return event


@receiver(user_logged_in, dispatch_uid="accounts.security_events.signed_in")
def _signed_in(sender, request, user, **kwargs):
    record_security_event(Kind.SIGNED_IN, request=request, user=user)


def _typed_account(typed: str):
    """(the account, the name to record) for what was typed at sign-in: a typed ID number is
    recorded masked, and its account found through the number's keyed hash."""
    User = get_user_model()
    if not typed:
        return None, ""
    user = User.objects.filter(username=typed).first()
    if user is None and looks_like_id_number(typed):
        user = User.objects.filter(matching(User, "id_number", typed)).first()
        return user, user.username if user is not None else mask_id_number(typed)
    return user, typed


@receiver(user_login_failed, dispatch_uid="accounts.security_events.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    user, username = _typed_account(credentials.get("username", "") or "")
    record_security_event(
        Kind.SIGN_IN_FAILED,
        request=request,
        user=user,
        username=username,
        detail=kwargs.get("detail", ""),
    )


@receiver(user_locked_out, dispatch_uid="accounts.security_events.locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    typed = (getattr(request, "POST", None) or {}).get("username", "") or username or ""
    if hasattr(request, "data") and not typed:
        typed = request.data.get("username", "")
    user, name = _typed_account(typed)
    record_security_event(Kind.LOCKED_OUT, request=request, user=user, username=name)
