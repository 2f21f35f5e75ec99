"""API token authentication: knox's hashed, expiring tokens, refused once the person has
signed out, changed their password or been deactivated."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from accounts.passwords import password_change_due


class ExpiringTokenAuthentication(TokenAuthentication):
    def validate_user(self, auth_token):
        user, auth_token = super().validate_user(auth_token)
        if user.sign_ins_ended_at and auth_token.created < user.sign_ins_ended_at:
            auth_token.delete()
            raise exceptions.AuthenticationFailed(
                _("This token was ended by signing out or a password change; ask for a new one.")
            )
        due = password_change_due(user)
        if due:
            raise exceptions.PermissionDenied(due.api_message(), code=due.code)
        return user, auth_token


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes this authentication: `Authorization: Token <token>`."""

    target_class = ExpiringTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )
