"""Response headers every page shares, and who may read the API's own description."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers
from rest_framework.permissions import BasePermission


class NoStoreMiddleware:
    """Nothing the application answers may be kept by a browser or proxy cache: pages, PDFs,
    spreadsheets, proof files and JSON all carry personal data. Django's
    `add_never_cache_headers` sets `Cache-Control: max-age=0, no-cache, no-store,
    must-revalidate, private` (merged with what a view set itself; `private` drops a `public`)
    and an `Expires` of now. Static files are answered before this runs (whitenoise, placed
    above it in MIDDLEWARE) and keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class ApiDocsPermission(BasePermission):
    """The schema and the interactive docs: public in the demo, signed-in callers otherwise.
    API_DOCS_PUBLIC is read on each request, so a change of the setting (or a test's
    override) takes effect at once; config/urls.py gives the views this class itself."""

    def has_permission(self, request, view):
        return settings.API_DOCS_PUBLIC or bool(request.user and request.user.is_authenticated)
