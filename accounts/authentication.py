"""API token authentication: knox's hashed, expiring tokens, refused once the person has
signed out, changed their password or been deactivated."""

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions


class ExpiringTokenAuthentication(TokenAuthentication):
    def validate_user(self, auth_token):
        user, auth_token = super().validate_user(auth_token)
        if user.sign_ins_ended_at and auth_token.created < user.sign_ins_ended_at:
            auth_token.delete()
            raise exceptions.AuthenticationFailed(
                _("This token was ended by signing out or a password change; ask for a new one.")
            )
        return user, auth_token
