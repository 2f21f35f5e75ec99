"""The evaluation form over the API, documented in the schema: the PDF for a reader of the
declaration, 404 for anyone else."""

from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.pdf_reading import pdf_text


def _get(user, declaration):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(f"/api/v1/evaluation-forms/{declaration.pk}/")


def test_the_api_answers_the_pdf_to_readers_only(world, pdf_tools):
    declaration = world.declaration("范仲淹")

    response = _get(world.office, declaration)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "范仲淹" in pdf_text(b"".join(response.streaming_content))
    assert _get(world.declarations.school_hr, declaration).status_code == 404
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert "application/pdf" in str(paths["/api/v1/evaluation-forms/{id}/"]["get"]["responses"])
