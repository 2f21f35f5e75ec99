from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership

SESSION_KEY = "active_membership_id"


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """The product speaks Simplified Chinese until the person picks English with the language
    switch (a cookie). The browser's Accept-Language is deliberately ignored: staff at a
    Chinese bureau with an English browser still get the Chinese product first."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = settings.LANGUAGE_CODE
        if chosen and translation.check_for_language(chosen):
            language = translation.get_supported_language_variant(chosen)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ActiveMembershipMiddleware:
    """Puts the role the user is acting in on the request (`request.membership`), and all their
    active roles (`request.memberships`) for the role switcher. A user with several roles picks
    one; the choice is kept in the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.memberships = []
        if request.user.is_authenticated:
            request.memberships = list(
                Membership.objects.filter(user=request.user, is_active=True)
                .select_related("organization")
                .order_by("pk")
            )
            chosen = request.session.get(SESSION_KEY)
            active = None
            for membership in request.memberships:
                if active is None or membership.pk == chosen:
                    active = membership
            request.membership = active
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """An account created by someone else starts with a password that person knows; until its
    owner sets their own, every page leads to the password change form, which says why."""

    ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("password_change")
        return self.get_response(request)
