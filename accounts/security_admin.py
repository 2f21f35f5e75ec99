"""The administrator's side of sign-in security: security events to read and filter, and the
account actions for a locked-out person, a lost phone or a stolen session."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from accounts.models import SecurityEvent
from accounts.session_policy import end_all_sign_ins
from accounts.sign_in_throttle import unlock_sign_in
from core.admin import ReadOnlyAdmin

# An authenticator's secret is nobody else's business: recovery removes it (the action below)
# instead of showing or editing it.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


def _done(request, count, singular, plural):
    messages.success(request, ngettext(singular, plural, count) % {"count": count})


@admin.action(description=_("Unlock sign-in (forget the failed attempts)"))
def unlock_sign_in_action(modeladmin, request, queryset):
    for user in queryset:
        unlock_sign_in(username=user.username, actor=request.user, request=request)
    _done(
        request,
        len(queryset),
        "Sign-in unlocked for %(count)d account.",
        "Sign-in unlocked for %(count)d accounts.",
    )


@admin.action(description=_("Remove the second factor (the person sets up a new one)"))
def remove_second_factor_action(modeladmin, request, queryset):
    for user in queryset:
        second_factor.remove_second_factor(user=user, actor=request.user, request=request)
    _done(
        request,
        len(queryset),
        "Second factor removed for %(count)d account.",
        "Second factors removed for %(count)d accounts.",
    )


@admin.action(description=_("End every session and API token"))
def end_all_sign_ins_action(modeladmin, request, queryset):
    for user in queryset:
        end_all_sign_ins(
            user=user, kind=SecurityEvent.Kind.SIGN_INS_ENDED, request=request, actor=request.user
        )
    _done(
        request,
        len(queryset),
        "Every session and token ended for %(count)d account.",
        "Every session and token ended for %(count)d accounts.",
    )


USER_SECURITY_ACTIONS = [
    unlock_sign_in_action,
    remove_second_factor_action,
    end_all_sign_ins_action,
]


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "username", "ip_address", "channel", "actor", "detail"]
    list_filter = ["kind", "channel", "at"]
    search_fields = ["username", "ip_address", "user__real_name"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    list_per_page = 100
