"""The declaration endpoints are in the OpenAPI schema, described without warnings."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator


def test_declaration_endpoints_are_documented_without_warnings(capsys):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for action in (
        "submit",
        "start-publicity",
        "recommend",
        "return",
        "department-approve",
        "start-check",
        "qualify",
        "reject",
        "request-correction",
        "resubmit",
        "withdraw",
        "findings",
        "audit-trail",
        "materials",
    ):
        assert f"/api/v1/declarations/{{id}}/{action}/" in paths, action
    assert "/api/v1/declarations/roster/" in paths
    assert "/api/v1/declaration-materials/{id}/download/" in paths
    assert "/api/v1/unit-publicities/{id}/objections/" in paths
    correction = paths["/api/v1/declarations/{id}/request-correction/"]["post"]
    assert "CorrectionRequestRequest" in str(correction["requestBody"])
    upload = paths["/api/v1/declarations/{id}/materials/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    ours = ("applicants/", "Declaration", "Material", "Publicity", "Objection", "Correction")
    warnings = [
        line
        for line in capsys.readouterr().err.splitlines()
        if "Warning" in line and any(word in line for word in ours)
    ]
    assert warnings == []
