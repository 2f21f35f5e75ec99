"""The person's preferred language: the one their messages are written in
(notifications.services), whoever sends them. It follows the language switch, and the
language chosen before signing in; signing in on a browser that has not chosen one brings
the person's language to it."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views import i18n


def remember_language(user, language: str) -> None:
    if not translation.check_for_language(language):
        return
    language = translation.get_supported_language_variant(language)
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def set_language(request):
    """Django's language switch, which also keeps the choice of a signed-in person."""
    response = i18n.set_language(request)
    chosen = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)  # set only when valid
    if chosen is not None and request.user.is_authenticated:
        remember_language(request.user, chosen.value)
    return response


@receiver(user_logged_in, dispatch_uid="remember_language_at_sign_in")
def remember_language_at_sign_in(sender, request, user, **kwargs):
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) if request is not None else None
    if chosen:
        remember_language(user, chosen)


def carry_language_to_browser(request, response, user):
    """After signing in: a browser that never chose a language gets the person's own."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or not user.preferred_language:
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.preferred_language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
