from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation

from accounts.passwords import password_change_due
from accounts.selectors import active_memberships
from core.errors import error_body

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
            # Read with the person when the session signed them in (accounts/backends.py).
            request.memberships = active_memberships(request.user)
            for membership in request.memberships:
                membership.user = request.user  # the signed-in user, not read again per role
            # The permission checks of this request read them from here, not once each.
            request.user.memberships_of_this_request = tuple(request.memberships)
            chosen = request.session.get(SESSION_KEY)
            active = None
            for membership in request.memberships:
                if active is None or membership.pk == chosen:
                    active = membership
            request.membership = active
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Until a signed-in person has chosen a new password, every page leads to the password
    change form, which says why: the account was created, or its password set, by someone
    else (must_change_password), or the password is older than PASSWORD_MAX_AGE_DAYS. The API
    answers 403 with the reason instead of a redirect. `request.password_change_due` holds the
    reason (accounts.passwords.PasswordChangeDue) or None, for the form and the menu."""

    ALLOWED_URL_NAMES = (
        "password_change",
        "password_change_done",
        "logout",
        "set_language",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        due = password_change_due(request.user)
        request.password_change_due = due
        if due is not None and not self._allowed(request.path_info):
            if request.path_info.startswith("/api/"):
                return JsonResponse(error_body(due.api_message(), code=due.code), status=403)
            return redirect("password_change")
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.url_name in self.ALLOWED_URL_NAMES
