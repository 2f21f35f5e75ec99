"""How long a signed-in session lasts, and ending every sign-in of a person at once."""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import SecurityEvent, User
from accounts.security_events import record_security_event

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
EXPIRED_FLAG = "session_expired"
# The last-seen time is written at most this often, so that a busy page costs no extra writes.
LAST_SEEN_RESOLUTION_SECONDS = 60


@receiver(user_logged_in, dispatch_uid="accounts.session_policy.started")
def _session_started(sender, request, user, **kwargs):
    if hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def session_expiry_reason(session, now: float) -> str | None:
    """ "idle" or "lifetime" once the session is over, else None."""
    started = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN_AT, started)
    if started is None:
        return None
    if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - started > settings.SESSION_LIFETIME_HOURS * 3600:
        return "lifetime"
    return None


class SessionTimeoutMiddleware:
    """Signs out a session idle for SESSION_IDLE_MINUTES or older than SESSION_LIFETIME_HOURS;
    the sign-in page then says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            reason = session_expiry_reason(request.session, now)
            if reason:
                user = request.user
                logout(request)
                request.session[EXPIRED_FLAG] = reason
                record_security_event(
                    SecurityEvent.Kind.SESSION_EXPIRED, request=request, user=user, detail=reason
                )
            elif now - request.session.get(LAST_SEEN_AT, 0) > LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)


@transaction.atomic
def end_all_sign_ins(*, user: User, kind: str, request=None, actor=None, detail="") -> None:
    """Every session and API token of `user` stops working (User.save deletes the tokens;
    sessions fail Django's session hash check on their next request)."""
    user.sign_ins_ended_at = timezone.now()
    user.save(update_fields=["sign_ins_ended_at"])
    record_security_event(kind, request=request, user=user, actor=actor, detail=detail)
