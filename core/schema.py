"""The OpenAPI schema documents the one error shape (core.errors) on every operation: an
`Error` component with `detail`, `code` and `errors`, referenced for 400, 403 and 404, so
that a client learns it once."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the reader's language."))
    code = serializers.CharField(
        help_text=_(
            "A stable code: invalid, import_rejected, not_authenticated, permission_denied, "
            "not_found, throttled…"
        )
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_(
            "Messages by request field (non_field_errors for the rest); for a rejected "
            "spreadsheet, by cell (C3), row (4) or file. Empty when not about the input."
        ),
    )

    class Meta:
        ref_name = "Error"


ERROR_RESPONSES = {
    "400": _("The request was refused: invalid input, or a rule does not allow it."),
    "403": _("Not signed in, or not allowed to do this."),
    "404": _("No such object, or not one the caller may see."),
}


class ErrorDocumentingSchema(AutoSchema):
    """drf-spectacular's schema, with the error answers every operation may give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in ERROR_RESPONSES.items():
            declared = responses.get(code)
            if declared is not None and "content" in declared:
                continue  # the operation documents a body of its own
            error = self._get_response_for_code(
                OpenApiResponse(ErrorSerializer, description=str(description)), code
            )
            # A view that says when it answers 404 keeps its words; the body is the Error.
            said = (declared or {}).get("description")
            if said and said != "No response body":
                error["description"] = said
            responses[code] = error
        return responses
