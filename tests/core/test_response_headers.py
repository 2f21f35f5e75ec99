"""The headers every answer of the application carries: a Content-Security-Policy that allows
this site's own scripts and style sheets only (no 'unsafe-inline'), a Permissions-Policy, and
Cache-Control no-store on pages, downloads and JSON alike; static files keep their own cache.
The API's description and its interactive docs need a signed-in caller unless API_DOCS_PUBLIC.
"""

import base64
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import Certificate
from fixtures.demo_certificates import PublicizedResults
from tests.applicants.conftest import World

# who signs in (a demo username, or nobody), the address, and the status it answers
PAGES = [
    (None, "/login/", 200),
    (None, "/verify/", 200),
    (None, "/no-such-page/", 404),
    ("bureau", "/", 200),
    ("bureau", "/statistics/", 200),
    ("applicant", "/continuing-education/", 200),
    ("admin", "/manage/organizations/", 200),
    ("admin", "/admin/", 200),
    ("admin", "/admin/accounts/organization/", 200),
    ("admin", "/api/docs/", 200),
]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def assert_no_store(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, response["Cache-Control"]
    assert "public" not in cache_control


def signed_in_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("who", "address", "status"), PAGES)
def test_every_page_carries_the_policies_and_is_not_stored(demo, who, address, status):
    user = demo["users"][who] if who else None

    response = signed_in_client(user).get(address)

    assert response.status_code == status
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert_no_store(response)


# An element the policy would refuse: a <script> with code of its own (JSON data blocks are not
# run and stay allowed), a <style> block, a style="" attribute or an on…="" handler.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|<style\b|\sstyle\s*=|\son[a-z]+\s*=",
    re.IGNORECASE,
)


@pytest.mark.parametrize(("who", "address", "status"), PAGES)
def test_the_pages_hold_no_inline_code_the_policy_would_refuse(demo, who, address, status):
    user = demo["users"][who] if who else None

    html = signed_in_client(user).get(address).content.decode()

    assert INLINE_CODE.findall(html) == []


def test_no_page_template_writes_inline_code():
    templates = Path(django_settings.BASE_DIR) / "templates"
    found = []
    for template in templates.rglob("*.html"):
        if "pdf" in template.relative_to(templates).parts:
            continue  # rendered to PDF by WeasyPrint, never served as a page
        text = template.read_text(encoding="utf-8")
        found += [f"{template.relative_to(templates)}: {m}" for m in INLINE_CODE.findall(text)]
    assert found == []


def test_a_proof_file_download_is_not_stored(demo):
    declaration = World(demo).create()
    material = declaration.materials.first()

    response = signed_in_client(declaration.applicant).get(
        f"/declarations/materials/{material.pk}/download/"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_no_store(response)
    assert "Content-Security-Policy" in response


def test_an_excel_export_is_not_stored(demo):
    response = signed_in_client(demo["users"]["bureau"]).get("/statistics/export/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert_no_store(response)


def test_a_certificate_pdf_is_not_stored(demo, settings, django_capture_on_commit_callbacks):
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    settings.CERTIFICATE_SIGNING_KEY = base64.b64encode(raw).decode()
    results = PublicizedResults(demo)
    filing = certificate_services.submit_filing(actor=results.office, meeting=results.meeting(1))
    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.approve_filing(
            filing,
            actor=results.bureau,
            document_number="示人社发〔2027〕12号",
            document_date=timezone.localdate(),
        )
    certificate = Certificate.objects.get()

    response = signed_in_client(certificate.holder).get(f"/certificates/{certificate.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_no_store(response)


def test_json_answers_are_not_stored(demo):
    response = signed_in_client(demo["users"]["bureau"]).get(
        "/api/v1/", HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert_no_store(response)


def test_static_files_keep_their_own_cache(settings, tmp_path):
    # As in production (DEBUG off): whitenoise answers static files before the application.
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = True
    middleware = list(django_settings.MIDDLEWARE)
    middleware.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    with override_settings(MIDDLEWARE=middleware):
        response = Client().get("/static/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert "max-age=0" not in response["Cache-Control"]


# --- the API's description and its interactive docs ---------------------------------------

API_DOCS = ["/api/schema/", "/api/docs/", "/api/docs/?script="]


@pytest.mark.parametrize("address", API_DOCS)
def test_without_public_docs_an_anonymous_caller_is_refused(db, settings, address):
    settings.API_DOCS_PUBLIC = False

    response = Client().get(address)

    assert response.status_code in (401, 403)
    assert_no_store(response)


@pytest.mark.parametrize("address", API_DOCS)
def test_without_public_docs_a_signed_in_caller_reads_them(demo, settings, address):
    settings.API_DOCS_PUBLIC = False

    response = signed_in_client(demo["users"]["applicant"]).get(address)

    assert response.status_code == 200
    assert_no_store(response)


@pytest.mark.parametrize("address", API_DOCS)
def test_with_public_docs_anyone_reads_them(db, settings, address):
    settings.API_DOCS_PUBLIC = True

    response = Client().get(address)

    assert response.status_code == 200


def test_the_docs_page_loads_its_script_as_a_file(demo):
    page = signed_in_client(demo["users"]["applicant"]).get("/api/docs/").content.decode()

    assert '<script src="/api/docs/?script="></script>' in page
    assert "SwaggerUIBundle(" not in page
    script = signed_in_client(demo["users"]["applicant"]).get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()
