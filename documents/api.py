"""The evaluation form over the API: `GET /api/v1/evaluation-forms/<declaration id>/` answers
the PDF, to the same readers as the page (documents/evaluation_form.py)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets

from documents.views import evaluation_form_answer

PDF = "application/pdf"


class EvaluationFormViewSet(viewsets.ViewSet):
    lookup_value_regex = r"\d+"

    @extend_schema(
        summary="The evaluation form of a declaration, as a PDF",
        responses={(200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="A4 PDF")},
    )
    def retrieve(self, request, pk=None):
        return evaluation_form_answer(request, pk)


def register(router):
    """Adds this app's API viewsets to the /api/v1/ router."""
    router.register("evaluation-forms", EvaluationFormViewSet, basename="evaluation-form")
