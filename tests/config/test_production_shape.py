"""The docker-compose web service's configuration (gunicorn, DEBUG off, whitenoise, Redis
cache, PostgreSQL), run on this machine's real services."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from tests.certificates.pdf_signing_keys import pdf_signing_environment

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


@pytest.fixture(scope="module")
def gunicorn_server(django_db_setup, tmp_path_factory):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "The production shape needs PostgreSQL and Redis, and CI must provide them."
            )
        pytest.skip("needs PostgreSQL and Redis")
    tmp_path = tmp_path_factory.mktemp("production")
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "FIELD_ENCRYPTION_KEYS": "k1:UElQTFBJUExQSVBMUElQTFBJUExQSVBMUElQTFBJUEw=",
        "FIELD_LOOKUP_HMAC_KEY": "SE1BQ0hNQUNITUFDSE1BQ0hNQUNITUFDSE1BQ0hNQUM=",
        # What the production check (core/checks.py) requires besides PostgreSQL and a broker.
        "CERTIFICATE_SIGNING_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        **pdf_signing_environment(),
        "PUBLIC_BASE_URL": "https://zhicheng.example.gov.cn",
        "SITE_URL": "https://zhicheng.example.gov.cn",
        "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_serves_the_login_page_over_https_only(gunicorn_server):
    https = {"X-Forwarded-Proto": "https"}

    status, headers, page = fetch(f"{gunicorn_server}/login/", https)
    assert status == 200
    assert "登录" in page
    assert "max-age=31536000" in headers["Strict-Transport-Security"]

    status, headers, _ = fetch(f"{gunicorn_server}/login/")
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_gunicorn_serves_collected_static_files(gunicorn_server):
    status, _, _ = fetch(
        f"{gunicorn_server}/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        {"X-Forwarded-Proto": "https"},
    )
    assert status == 200


def test_with_debug_off_the_api_schema_and_docs_need_sign_in(gunicorn_server):
    https = {"X-Forwarded-Proto": "https"}
    for path in ("/api/schema/", "/api/docs/"):
        status, _, _ = fetch(f"{gunicorn_server}{path}", https)
        assert status in (401, 403), path


def test_with_debug_off_pages_carry_the_security_headers(gunicorn_server):
    _, headers, _ = fetch(f"{gunicorn_server}/login/", {"X-Forwarded-Proto": "https"})
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "camera=()" in headers["Permissions-Policy"]
    assert "no-store" in headers["Cache-Control"]
    assert headers["X-Frame-Options"] == "DENY"
