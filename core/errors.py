"""The error bridge: a service refuses by raising Django's `ValidationError` (bad input, a rule
that does not allow the move) or `PermissionDenied` (the wrong person). This module turns those
refusals into the same answers everywhere:

- the API: `api_exception_handler` (set as DRF's EXCEPTION_HANDLER) answers every error with
  one body shape, `{"detail": str, "code": str, "errors": {field: [messages]}}`, where
  `errors` holds the messages tied to request fields and `non_field_errors` the rest;
- pages: `attempt` runs a service for a view, puts a refusal next to the form field it names
  (or into the page's messages) and reports whether it succeeded, so views need no
  try/except of their own."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.spreadsheet_import import ImportRejected


def validation_error_dict(error: ValidationError) -> dict[str, list[str]]:
    """A ValidationError as {field: [messages]}, with errors not tied to a field under
    NON_FIELD_ERRORS, for forms and serializers to show."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


# --- the API ------------------------------------------------------------------------------


def _flatten(detail, prefix="") -> dict[str, list[str]]:
    """DRF's nested error detail ({"items": [{"problem": [...]}]}) as flat field paths."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, texts in _flatten(value, name).items():
                flat.setdefault(field, []).extend(texts)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            flat[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for field, texts in _flatten(item, name).items():
                    flat.setdefault(field, []).extend(texts)
    else:
        flat[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(detail)]
    return flat


class ImportRefused(exceptions.ValidationError):
    """A spreadsheet import's `ImportRejected` as an API answer: a 400 whose `errors` hold
    each bad row's reasons under its cell ("C3"), row ("4") or "file"."""

    default_code = "import_rejected"

    def __init__(self, rejected: ImportRejected):
        super().__init__(rejected.errors_by_cell(), code=self.default_code)
        self.summary = rejected.detail


def _from_django(exc):
    if isinstance(exc, ImportRejected):
        return ImportRefused(exc)
    if isinstance(exc, ValidationError):
        messages_by_field = validation_error_dict(exc)
        if NON_FIELD_ERRORS in messages_by_field:
            messages_by_field[api_settings.NON_FIELD_ERRORS_KEY] = messages_by_field.pop(
                NON_FIELD_ERRORS
            )
        return exceptions.ValidationError(messages_by_field)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    return exc


def api_exception_handler(exc, context):
    """Every API refusal in one shape: {"detail", "code", "errors"}."""
    exc = _from_django(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: a 500, logged by Django
    if isinstance(exc, ImportRefused):
        errors, detail, code = _flatten(exc.detail), str(exc.summary), exc.default_code
    elif isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        first = next(iter(errors.values()), [""])
        detail = first[0] if first else ""
        code = "invalid"
    else:
        errors = {}
        detail = str(exc.detail) if isinstance(exc, exceptions.APIException) else ""
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        if not isinstance(code, str):
            code = "error"
    response.data = {"detail": detail, "code": code, "errors": errors}
    return response


def error_body(detail: str, *, code: str, errors: dict | None = None) -> dict:
    """The body of an error answer a view writes itself (for example a file it cannot serve)."""
    return {"detail": detail, "code": code, "errors": errors or {}}


def error_response(
    detail: str, *, code: str, errors: dict | None = None, status_code=status.HTTP_400_BAD_REQUEST
):
    """An error answer in the one shape, for a view that answers by hand."""
    return Response(error_body(detail, code=code, errors=errors), status=status_code)


# --- pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What `attempt` reports: whether the service succeeded, and what it returned."""

    ok: bool
    value: Any = None
    denied: bool = False  # refused by a PermissionDenied shown as a page message

    def __bool__(self) -> bool:
        return self.ok


def add_service_errors(form, error: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal next to the fields it names, the rest above the form. A form
    that places refusals itself (beside its row lists, say) has `add_service_error(error)`."""
    if isinstance(error, PermissionDenied):
        error = ValidationError(str(error) or _("You may not do this."))
    if hasattr(form, "add_service_error"):
        form.add_service_error(error)
        return
    for field, texts in validation_error_dict(error).items():
        form.add_error(field if field in form.fields else None, texts)


def attempt(
    request,
    action: Callable[[], Any],
    *,
    form=None,
    success: str | Callable[[Any], str] | None = None,
    refuse_permission: bool = False,
    denied: str | None = None,
) -> Outcome:
    """Run `action` (a service call) for a page. With a form, only once the form is valid, and a
    refusal goes onto the form, each error next to the field it names; without one (a plain
    button), the refusal becomes a message. `success` (a text, or a function of the service's
    result) is shown when it worked. A `PermissionDenied` is shown the same way when
    `refuse_permission` is set; otherwise it propagates to the 403 page. With `denied` (the
    text to show when the refusal has none), a `PermissionDenied` becomes a page message and
    the outcome says `denied`, for a view that answers 403 with its own page.

    `form` is a Django form, or anything with `is_valid()` and `add_service_error(error)`
    (a form with its formsets, say)."""
    if form is not None and not form.is_valid():
        return Outcome(False)
    try:
        value = action()
    except PermissionDenied as error:
        if denied is None:
            if not refuse_permission:
                raise
            _show_refusal(request, form, error)
            return Outcome(False)
        messages.error(request, str(error) or denied)
        return Outcome(False, denied=True)
    except ValidationError as error:
        _show_refusal(request, form, error)
        return Outcome(False)
    if success is not None:
        messages.success(request, success(value) if callable(success) else success)
    return Outcome(True, value)


def _show_refusal(request, form, error: ValidationError | PermissionDenied) -> None:
    if form is not None:
        add_service_errors(form, error)
        return
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        messages.error(request, text or _("You may not do this."))
