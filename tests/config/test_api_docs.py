def test_openapi_schema_and_interactive_docs_render_without_external_assets(client, demo):
    client.force_login(demo["users"]["bureau"])

    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content

    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr.net" not in page and "unpkg.com" not in page


def test_api_requires_authentication(client):
    response = client.get("/api/v1/")
    assert response.status_code in (401, 403)
