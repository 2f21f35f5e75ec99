"""API tokens (django-rest-knox): made at the token endpoint, listed and revoked by their
owner. The database keeps only a hash and the first characters to find it by."""

from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework.exceptions import PermissionDenied

from accounts.models import SecurityEvent, User
from accounts.security_events import record_security_event


@transaction.atomic
def create_token(*, user: User, request) -> tuple[AuthToken, str]:
    """The token itself is returned once, here, and never stored."""
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and AuthToken.objects.filter(user=user).count() >= limit:
        raise PermissionDenied(
            _(
                "You already have %(count)d API tokens, the most allowed. Revoke one on your "
                "account security page first."
            )
            % {"count": limit}
        )
    instance, token = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
    record_security_event(
        SecurityEvent.Kind.TOKEN_CREATED, request=request, user=user, detail=instance.token_key
    )
    return instance, token


@transaction.atomic
def revoke_token(*, user: User, token_key: str, request=None) -> bool:
    """False when `user` has no such token: someone else's token is not theirs to revoke."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if deleted:
        record_security_event(
            SecurityEvent.Kind.TOKEN_REVOKED, request=request, user=user, detail=token_key
        )
    return bool(deleted)
