"""The person's own sign-in security: the second factor (enrol, give a code, backup codes,
remove), their API tokens, signing out everywhere, and what happened at their door."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from knox.models import AuthToken

from accounts import second_factor
from accounts.models import SecurityEvent
from accounts.session_policy import end_all_sign_ins
from accounts.tokens import revoke_token

RECENT_EVENTS = 20


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def second_factor_verify(request):
    if not second_factor.is_enrolled(request.user):
        return redirect("second_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = second_factor.seconds_until_next_try(request.user)
        if second_factor.verify_session(request=request, code=form.cleaned_data["code"]):
            return redirect(_safe_next(request, reverse("home")))
        form.add_error("code", second_factor.refusal_message(wait))
    context = {"form": form, "next": _safe_next(request, "")}
    return render(
        request,
        "accounts/security/second_factor_verify.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
def second_factor_setup(request):
    user = request.user
    # Replacing an authenticator needs a code from the old one first.
    if second_factor.pending_step(request) == "verify":
        return redirect("second_factor_verify")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = second_factor.seconds_until_next_try(user)
        codes = second_factor.confirm_enrolment(
            request=request, user=user, code=form.cleaned_data["code"]
        )
        if codes is not None:
            return _backup_codes_page(request, codes, enrolled=True)
        form.add_error("code", second_factor.refusal_message(wait))
    device = second_factor.pending_authenticator(user)
    context = {
        "form": form,
        "next": _safe_next(request, ""),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, border=2),
        "secret": base64.b32encode(device.bin_key).decode(),
        "required": second_factor.is_required(user, getattr(request, "memberships", None)),
        "replacing": second_factor.is_enrolled(user),
    }
    return render(
        request,
        "accounts/security/second_factor_setup.html",
        context,
        status=400 if form.errors else 200,
    )


def _backup_codes_page(request, codes, *, enrolled=False):
    context = {"codes": codes, "enrolled": enrolled, "next": _safe_next(request, reverse("home"))}
    return render(request, "accounts/security/backup_codes.html", context)


@require_POST
@login_required
def backup_codes(request):
    if not second_factor.is_enrolled(request.user):
        raise Http404
    return _backup_codes_page(
        request, second_factor.issue_backup_codes(request=request, user=request.user)
    )


@require_POST
@login_required
def remove_second_factor(request):
    if second_factor.is_required(request.user, request.memberships):
        messages.error(
            request,
            _("Your role requires a second factor; ask an administrator if you lost your phone."),
        )
    else:
        second_factor.remove_second_factor(user=request.user, actor=request.user, request=request)
        messages.success(request, _("Your second factor has been removed."))
    return redirect("account_security")


@require_POST
@login_required
def revoke_api_token(request, token_key):
    if not revoke_token(user=request.user, token_key=token_key, request=request):
        raise Http404
    messages.success(request, _("The API token has been revoked."))
    return redirect("account_security")


@require_POST
@login_required
def sign_out_everywhere(request):
    end_all_sign_ins(user=request.user, kind=SecurityEvent.Kind.SIGN_INS_ENDED, request=request)
    logout(request)
    messages.success(
        request, _("You have been signed out on every device, and your API tokens no longer work.")
    )
    return redirect("login")


@login_required
def account_security(request):
    user = request.user
    context = {
        "enrolled": second_factor.is_enrolled(user),
        "required": second_factor.is_required(user, request.memberships),
        "backup_codes_left": second_factor.backup_codes_left(user),
        "tokens": AuthToken.objects.filter(user=user).order_by("-created"),
        "events": SecurityEvent.objects.filter(user=user).order_by("-at")[:RECENT_EVENTS],
    }
    return render(request, "accounts/security/account_security.html", context)
