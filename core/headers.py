"""Response headers every page shares, and who may read the API's own description."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers
from rest_framework.permissions import BasePermission


class NoStoreMiddleware:
    """Nothing the application answers may be kept by a browser or proxy cache: pages, PDFs,
    spreadsheets and proof files all carry personal data. Static files are served before this
    runs (whitenoise) and keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class ApiDocsPermission(BasePermission):
    """The schema and the interactive docs: public in the demo, signed-in callers otherwise."""

    def has_permission(self, request, view):
        return settings.API_DOCS_PUBLIC or bool(request.user and request.user.is_authenticated)
