"""Forgotten passwords: ask for a link by e-mail address, follow it once within
PASSWORD_RESET_LINK_MINUTES, choose a new password. The rules are in accounts/passwords.py;
these pages only ask and show."""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy, ngettext

from accounts import passwords


class ForgottenPasswordForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = gettext_lazy("The address your account was created with.")


class NewPasswordForm(auth_forms.SetPasswordForm):
    """The new password chosen through the link; validated like every other password."""

    def __init__(self, user, *args, request=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        self.request = request
        super().__init__(user, *args, **kwargs)

    def save(self, commit=True):
        return passwords.complete_password_reset(
            user=self.user, password=self.cleaned_data["new_password1"], request=self.request
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ForgottenPasswordForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        if not passwords.reset_request_limit.allow(request):
            minutes = max(1, passwords.reset_request_limit.retry_after() // 60)
            form = self.get_form()
            form.add_error(
                None,
                ngettext(
                    "Too many requests from your address. Try again in %(minutes)d minute.",
                    "Too many requests from your address. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Never sent from here: a Celery task mails the link once the request commits. The
        # next page reads the same whether or not the address belongs to an account.
        passwords.request_password_reset(email=form.cleaned_data["email"], request=self.request)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "expires_in_minutes": settings.PASSWORD_RESET_LINK_MINUTES,
        }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    token_generator = passwords.forgotten_password_tokens
    post_reset_login = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # Links are only sent to active accounts with a password; refuse anything else.
        if user is None or not user.is_active or not user.has_usable_password():
            return None
        return user

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


urlpatterns = [
    path("password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/complete/",
        PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
