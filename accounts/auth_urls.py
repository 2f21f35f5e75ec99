"""The signed-in person's own session: sign in and out, their password, the role they act in."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import password_views, security_views
from accounts.language import carry_language_to_browser
from accounts.middleware import SESSION_KEY
from accounts.models import Membership, SecurityEvent
from accounts.security_events import record_security_event
from accounts.session_policy import EXPIRED_FLAG, end_all_sign_ins
from notifications.views import mark_notifications_read


class NoLabelColon:
    """Labels sit above their fields, where a trailing colon reads oddly in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AuthenticationForm(NoLabelColon, auth_forms.AuthenticationForm):
    pass


class PasswordChangeForm(NoLabelColon, auth_forms.PasswordChangeForm):
    """The person's own new password, validated like every other (validate_password), and
    different from the current one: a password someone else set, or one that has expired,
    is not renewed by typing it again. Pass `request=` to record where the change came from."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        # The hasher's own check: User.check_password would re-save an outdated hash.
        if new and "new_password2" not in self.errors and check_password(new, self.user.password):
            self.add_error(
                "new_password2",
                ValidationError(
                    _("The new password must be different from your current one."),
                    code="password_unchanged",
                ),
            )
        return cleaned

    def save(self, commit=True):
        # A password the person chose themself ends the must-change requirement; setting it
        # restarts its age (User.set_password) and ends every other session and API token.
        self.user.must_change_password = False
        user = super().save(commit=commit)
        if commit:
            record_security_event(
                SecurityEvent.Kind.PASSWORD_CHANGED, request=self.request, user=user
            )
        return user


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class LoginView(auth_views.LoginView):
    authentication_form = AuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session_expired"] = self.request.session.pop(EXPIRED_FLAG, None)
        context["session_idle_minutes"] = settings.SESSION_IDLE_MINUTES
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        carry_language_to_browser(self.request, response, form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        # Signing out here signs out everywhere: other browsers and every API token too.
        if request.user.is_authenticated:
            end_all_sign_ins(user=request.user, kind=SecurityEvent.Kind.SIGNED_OUT, request=request)
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response


@require_POST
@login_required
def switch_role(request):
    chosen = request.POST.get("membership", "")
    if not chosen.isdigit():
        raise Http404
    membership = get_object_or_404(Membership, pk=chosen, user=request.user, is_active=True)
    request.session[SESSION_KEY] = membership.pk
    messages.success(
        request,
        _("You are now working as %(role)s at %(organization)s.")
        % {"role": membership.get_role_display(), "organization": membership.organization},
    )
    # The page the person was on may not exist for the new role: start again from home.
    return redirect("home")


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("role/", switch_role, name="switch_role"),
    path("notifications/mark-read/", mark_notifications_read, name="mark_notifications_read"),
    path("account/security/", security_views.account_security, name="account_security"),
    path(
        "account/second-factor/",
        security_views.second_factor_verify,
        name="second_factor_verify",
    ),
    path(
        "account/second-factor/setup/",
        security_views.second_factor_setup,
        name="second_factor_setup",
    ),
    path(
        "account/second-factor/backup-codes/",
        security_views.backup_codes,
        name="second_factor_backup_codes",
    ),
    path(
        "account/second-factor/remove/",
        security_views.remove_second_factor,
        name="second_factor_remove",
    ),
    path(
        "account/tokens/<str:token_key>/revoke/",
        security_views.revoke_api_token,
        name="api_token_revoke",
    ),
    path(
        "account/sign-out-everywhere/",
        security_views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    *password_views.urlpatterns,
]
