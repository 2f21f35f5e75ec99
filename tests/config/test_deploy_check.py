import os
import secrets
import subprocess
import sys

from django.conf import settings

from tests.certificates.pdf_signing_keys import pdf_signing_environment


def run_manage(*args, **env_overrides):
    # The suite's own async-safety switch (tests/conftest.py) is no part of production.
    env = {**os.environ, **env_overrides}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="zhicheng.example.gov.cn",
        FIELD_ENCRYPTION_KEYS="k1:UElQTFBJUExQSVBMUElQTFBJUExQSVBMUElQTFBJUEw=",
        FIELD_LOOKUP_HMAC_KEY="SE1BQ0hNQUNITUFDSE1BQ0hNQUNITUFDSE1BQ0hNQUM=",
        # What the production check (core/checks.py) requires; it connects to neither.
        DATABASE_URL="postgres://zhicheng@127.0.0.1:5432/zhicheng",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CERTIFICATE_SIGNING_KEY="AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        **pdf_signing_environment(),
        PUBLIC_BASE_URL="https://zhicheng.example.gov.cn",
        SITE_URL="https://zhicheng.example.gov.cn",
        CLIENT_IP_HEADER="HTTP_X_REAL_IP",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={**env, "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
