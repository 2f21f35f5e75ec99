"""The signed-in person's own session: sign in and out, their password, the role they act in."""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import password_views
from accounts.middleware import SESSION_KEY
from accounts.models import Membership, SecurityEvent
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
    def save(self, commit=True):
        # A password the person chose themself ends the must-change requirement.
        self.user.must_change_password = False
        return super().save(commit=commit)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm


class LoginView(auth_views.LoginView):
    authentication_form = AuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session_expired"] = self.request.session.pop(EXPIRED_FLAG, None)
        return context


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
    *password_views.urlpatterns,
]
