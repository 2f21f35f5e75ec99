"""The answers to an error no view handled: pages (templates/403.html, 404.html, 500.html, in
the person's language, with a way back) for the browser, and the API's one error shape
(core/errors.py) for addresses under /api/, which a client reads as JSON whatever went wrong,
even at an address that does not exist."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions, status

from core.errors import error_body

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _api_error(error: type[exceptions.APIException], status_code: int) -> JsonResponse:
    detail = error.default_detail
    return JsonResponse(error_body(str(detail), code=error.default_code), status=status_code)


def bad_request(request, exception):
    if _is_api(request):
        return _api_error(exceptions.ParseError, status.HTTP_400_BAD_REQUEST)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _api_error(exceptions.PermissionDenied, status.HTTP_403_FORBIDDEN)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _api_error(exceptions.NotFound, status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _api_error(exceptions.APIException, status.HTTP_500_INTERNAL_SERVER_ERROR)
    return defaults.server_error(request)
