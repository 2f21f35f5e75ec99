"""Every refusal of the API has one shape, {"detail": str, "code": str, "errors": dict}, and the
schema says so. The test walks every operation of the OpenAPI schema and provokes what it can:
no credentials (401/403), someone else's object or none at all for a stranger (404), and a
body that cannot be read where the operation takes one (400). It counts what it checked, so it
cannot pass over an empty loop."""

import re
from collections import Counter

from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import User
from core.errors import api_exception_handler
from core.spreadsheet_import import ImportRejected, RowProblem

ERROR_REF = "#/components/schemas/Error"
MISSING_ID = 2_147_483_000
PARAMETER = re.compile(r"{([^}]+)}")


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def is_public(operation) -> bool:
    # drf-spectacular lists {} among the security options when no credentials are needed.
    return {} in operation.get("security", [{}]) or operation.get("security") == []


def assert_error_shape(response, where):
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}, (where, body)
    assert isinstance(body["detail"], str), (where, body)
    assert isinstance(body["code"], str) and body["code"], (where, body)
    assert isinstance(body["errors"], dict), (where, body)
    for field, messages in body["errors"].items():
        assert isinstance(field, str), (where, body)
        assert isinstance(messages, list), (where, body)
        assert all(isinstance(message, str) for message in messages), (where, body)


def call(client, method, url, **kwargs):
    return getattr(client, method)(url, **kwargs)


def first_ids(schema, admin_client):
    """For each collection the administrator can list, the id of its first object: an object
    a stranger has no business seeing."""
    ids = {}
    for path, method, _operation in operations(schema):
        if method == "get" and "{" not in path:
            response = admin_client.get(path)
            if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
                continue
            data = response.json()
            rows = data.get("results", []) if isinstance(data, dict) else data
            if rows and isinstance(rows[0], dict) and "id" in rows[0]:
                ids[path] = rows[0]["id"]
    return ids


def url_for(path, ids):
    """The path with an object of someone else's where one is known, else an id nobody has."""
    prefix = path.split("{", 1)[0]
    if path.count("{") == 1 and prefix in ids:
        return PARAMETER.sub(str(ids[prefix]), path), "someone else's"
    return PARAMETER.sub(str(MISSING_ID), path), "missing"


def test_the_schema_documents_the_error_shape_on_every_operation():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code", "errors"}
    checked = 0
    for path, method, operation in operations(schema):
        for status in ("400", "403", "404"):
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": ERROR_REF}, (method, path, status)
            checked += 1
    assert checked >= 3 * 100, checked


def test_every_refusal_of_every_operation_has_the_one_shape(demo):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    admin = APIClient(raise_request_exception=False)  # a look-up needing setup may fail
    admin.force_login(User.objects.get(username="admin"))
    stranger = APIClient()
    stranger.force_login(User.objects.create_user(username="stranger", password="x" * 12))
    anonymous = APIClient()
    ids = first_ids(schema, admin)
    assert len(ids) >= 5, ids

    checked = Counter()
    refused_operations = set()
    for path, method, operation in operations(schema):
        name = f"{method.upper()} {path}"
        if not is_public(operation):
            response = call(anonymous, method, PARAMETER.sub(str(MISSING_ID), path))
            assert response.status_code in (401, 403), (name, response.status_code)
            assert_error_shape(response, name)
            checked["unauthenticated"] += 1
            refused_operations.add(name)

        if "{" in path:
            missing = PARAMETER.sub(str(MISSING_ID), path)
            others = url_for(path, ids)
            for url, whose in {(missing, "missing"), others}:
                response = call(stranger, method, url)
                readable = whose != "missing" or is_public(operation)
                if readable and method == "get" and response.status_code == 200:
                    # What everyone may read (the catalogue), or a public look-up that
                    # answers "no such certificate" as its result.
                    continue
                # Some operations check the (here empty) body before they look the object up.
                assert response.status_code in (400, 403, 404), (name, whose, response.status_code)
                assert_error_shape(response, name)
                checked[f"stranger, {whose} object, {response.status_code}"] += 1
                refused_operations.add(name)

        body = operation.get("requestBody", {}).get("content", {})
        if method != "get" and body:
            url, _whose = url_for(path, ids)
            if "application/json" in body:
                response = call(
                    admin, method, url, data="{not json", content_type="application/json"
                )
            else:
                response = call(admin, method, url, data={}, format="multipart")
            assert 400 <= response.status_code < 500, (name, response.status_code)
            assert_error_shape(response, name)
            checked["bad body" if response.status_code == 400 else "bad body, refused"] += 1
            refused_operations.add(name)

    assert checked["unauthenticated"] >= 150, checked
    assert checked["stranger, someone else's object, 404"] >= 5, checked
    assert checked["stranger, missing object, 404"] >= 80, checked
    assert checked["bad body"] >= 30, checked
    # Only public reads (the published results, a certificate look-up) have nothing to refuse.
    every = {
        f"{method.upper()} {path}"
        for path, method, operation in operations(schema)
        if not (method == "get" and is_public(operation))
    }
    assert every <= refused_operations, sorted(every - refused_operations)


def test_a_rejected_spreadsheet_answers_every_bad_cell_in_the_same_shape():
    rejected = ImportRejected(
        [
            RowProblem("The check digit is wrong.", row=3, column="C"),
            RowProblem("Not an e-mail address.", row=3, column="E"),
            RowProblem("Unknown post level.", row=4),
            RowProblem("The file has no data rows below the header."),
        ]
    )

    response = api_exception_handler(rejected, {})

    assert response.status_code == 400
    assert response.data == {
        "detail": "Nothing was imported: correct these rows and upload the file again.",
        "code": "import_rejected",
        "errors": {
            "C3": ["The check digit is wrong."],
            "E3": ["Not an e-mail address."],
            "4": ["Unknown post level."],
            "file": ["The file has no data rows below the header."],
        },
    }
