"""With DEBUG off, a configuration that would run wrong is refused, naming what is missing and
how to set it: by `manage.py check --deploy`, and at the start of the web, worker and beat
processes (core/checks.py)."""

import base64
import importlib
import os
import subprocess
import sys

import pytest
from celery import signals
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from certificates.pdf_signature import new_self_signed_pair
from config.celery import refuse_to_start_when_misconfigured as celery_handler
from core.checks import check_production_configuration, refuse_to_start_when_misconfigured

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

SIGNING_KEY = base64.b64encode(bytes(range(32))).decode()
PDF_SIGNING_KEY, PDF_SIGNING_CERTIFICATE = (
    base64.b64encode(pem.encode()).decode() for pem in new_self_signed_pair("Production")
)
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "title.example.gov.cn",
    "FIELD_ENCRYPTION_KEYS": "k1:UElQTFBJUExQSVBMUElQTFBJUExQSVBMUElQTFBJUEw=",
    "FIELD_LOOKUP_HMAC_KEY": "SE1BQ0hNQUNITUFDSE1BQ0hNQUNITUFDSE1BQ0hNQUM=",
    "CERTIFICATE_SIGNING_KEY": SIGNING_KEY,
    "CERTIFICATE_PDF_SIGNING_KEY": PDF_SIGNING_KEY,
    "CERTIFICATE_PDF_SIGNING_CERTIFICATE": PDF_SIGNING_CERTIFICATE,
    "PUBLIC_BASE_URL": "https://title.example.gov.cn",
    "SITE_URL": "https://title.example.gov.cn",
    "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
}


def with_engine(settings, engine):
    default = {**settings.DATABASES["default"], "ENGINE": engine}
    settings.DATABASES = {**settings.DATABASES, "default": default}


@pytest.fixture
def production(settings):
    """A complete production configuration; each test then takes one thing away."""
    broker, eager = settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER
    settings.DEBUG = False
    with_engine(settings, "django.db.backends.postgresql")
    settings.CELERY_BROKER_URL = broker or "redis://127.0.0.1:6379/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.SECRET_KEY = PRODUCTION_ENV["SECRET_KEY"]
    settings.CERTIFICATE_SIGNING_KEY = SIGNING_KEY
    settings.CERTIFICATE_PDF_SIGNING_KEY = PDF_SIGNING_KEY
    settings.CERTIFICATE_PDF_SIGNING_CERTIFICATE = PDF_SIGNING_CERTIFICATE
    settings.CERTIFICATE_SIGNATURE_ALGORITHM = "ed25519"
    settings.PUBLIC_BASE_URL = "https://title.example.gov.cn"
    settings.SITE_URL = "https://title.example.gov.cn"
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.FIELD_ENCRYPTION_DEVELOPMENT_KEYS = False
    yield settings
    # The Celery app reads its broker from these settings; the suite's own clean-up (a purge
    # of this run's queues, tests/conftest.py) runs after this and needs the real one back.
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = broker, eager


def no_database_url(settings):
    with_engine(settings, "django.db.backends.sqlite3")


def no_broker(settings):
    settings.CELERY_BROKER_URL = None
    settings.CELERY_TASK_ALWAYS_EAGER = True


MISCONFIGURATIONS = [
    # (what is wrong, how to make it so, the error, the setting its message names)
    ("no DATABASE_URL", no_database_url, "zhicheng.E001", "DATABASE_URL"),
    ("no broker", no_broker, "zhicheng.E002", "CELERY_BROKER_URL"),
    (
        "no signing key",
        lambda s: setattr(s, "CERTIFICATE_SIGNING_KEY", ""),
        "zhicheng.E003",
        "CERTIFICATE_SIGNING_KEY",
    ),
    (
        "a signing key that is not one",
        lambda s: setattr(s, "CERTIFICATE_SIGNING_KEY", "change-me"),
        "zhicheng.E004",
        "CERTIFICATE_SIGNING_KEY",
    ),
    (
        "a signature algorithm certificates cannot be signed with",
        lambda s: setattr(s, "CERTIFICATE_SIGNATURE_ALGORITHM", "rsa"),
        "zhicheng.E011",
        "CERTIFICATE_SIGNATURE_ALGORITHM",
    ),
    (
        "no PDF-signing certificate",
        lambda s: setattr(s, "CERTIFICATE_PDF_SIGNING_CERTIFICATE", ""),
        "zhicheng.E012",
        "CERTIFICATE_PDF_SIGNING_CERTIFICATE",
    ),
    (
        "a PDF-signing key that is not the certificate's",
        lambda s: setattr(
            s,
            "CERTIFICATE_PDF_SIGNING_KEY",
            base64.b64encode(new_self_signed_pair("Other")[0].encode()).decode(),
        ),
        "zhicheng.E013",
        "CERTIFICATE_PDF_SIGNING_KEY",
    ),
    (
        "QR codes pointing at the demo address",
        lambda s: setattr(s, "PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
        "zhicheng.E005",
        "PUBLIC_BASE_URL",
    ),
    (
        "e-mailed links over http",
        lambda s: setattr(s, "SITE_URL", "http://title.example.gov.cn"),
        "zhicheng.E006",
        "SITE_URL",
    ),
    (
        "no client-IP header",
        lambda s: setattr(s, "CLIENT_IP_HEADER", ""),
        "zhicheng.E007",
        "CLIENT_IP_HEADER",
    ),
    (
        "a header name no request carries",
        lambda s: setattr(s, "CLIENT_IP_HEADER", "X-Real-IP"),
        "zhicheng.E008",
        "CLIENT_IP_HEADER",
    ),
    (
        "the development secret key",
        lambda s: setattr(s, "SECRET_KEY", "insecure-development-key-only-for-debug"),
        "zhicheng.E009",
        "SECRET_KEY",
    ),
    (
        "development personal-data keys",
        lambda s: setattr(s, "FIELD_ENCRYPTION_DEVELOPMENT_KEYS", True),
        "zhicheng.E010",
        "FIELD_ENCRYPTION_KEYS",
    ),
]


def test_a_complete_production_configuration_has_no_errors(production):
    assert check_production_configuration() == []
    refuse_to_start_when_misconfigured("web")


@pytest.mark.parametrize(
    ("wrong", "make_it_so", "error_id", "setting"),
    MISCONFIGURATIONS,
    ids=[row[0] for row in MISCONFIGURATIONS],
)
def test_each_missing_setting_is_an_error_naming_it(
    production, wrong, make_it_so, error_id, setting
):
    make_it_so(production)

    errors = check_production_configuration()

    assert [error.id for error in errors] == [error_id]
    assert errors[0].is_serious()
    assert setting in errors[0].msg
    assert setting in errors[0].hint


def test_the_error_ids_are_distinct():
    ids = [row[2] for row in MISCONFIGURATIONS]
    assert len(ids) == len(set(ids)) == 13


def test_with_debug_on_the_demo_defaults_are_no_error(production):
    no_database_url(production)
    no_broker(production)
    production.CERTIFICATE_SIGNING_KEY = ""
    production.CLIENT_IP_HEADER = ""
    production.DEBUG = True

    assert check_production_configuration() == []
    refuse_to_start_when_misconfigured("web")


def test_check_deploy_fails_naming_the_setting(production):
    production.CLIENT_IP_HEADER = ""

    with pytest.raises(SystemCheckError) as refusal:
        call_command("check", "--deploy")

    assert "zhicheng.E007" in str(refusal.value)
    assert "CLIENT_IP_HEADER is not set" in str(refusal.value)


def test_the_plain_check_leaves_it_to_deploy(production):
    # The image's build runs management commands with DEBUG off and no services.
    production.CLIENT_IP_HEADER = ""

    call_command("check")


def test_the_web_process_refuses_to_start_naming_every_missing_setting(production):
    production.CERTIFICATE_SIGNING_KEY = ""
    production.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    sys.modules.pop("config.wsgi", None)
    try:
        with pytest.raises(ImproperlyConfigured) as refusal:
            importlib.import_module("config.wsgi")
    finally:
        sys.modules.pop("config.wsgi", None)

    message = str(refusal.value)
    assert message.startswith("The web process refuses to start with DEBUG off")
    assert "CERTIFICATE_SIGNING_KEY is not set" in message
    assert "PUBLIC_BASE_URL is 'http://127.0.0.1:8000', not an https address" in message
    assert "generate_signing_key" in message


@pytest.mark.parametrize(("signal", "process"), [("worker_init", "worker"), ("beat_init", "beat")])
def test_celery_refuses_to_start_a_misconfigured_worker_or_beat(production, signal, process):
    no_broker(production)
    init = getattr(signals, signal)
    # Connected, and called directly: sending the signal here would also install Celery's own
    # worker hooks into the test process.
    assert celery_handler in init._live_receivers(None)

    # Celery logs and swallows a handler's exceptions; SystemExit gets through and ends it.
    with pytest.raises(SystemExit) as refusal:
        celery_handler(signal=init, sender=None)

    message = str(refusal.value.code)
    assert message.startswith(f"The {process} process refuses to start")
    assert "zhicheng.E002" in message and "CELERY_BROKER_URL" in message


def test_celery_starts_a_worker_on_a_complete_configuration(production):
    assert celery_handler(signal=signals.worker_init, sender=None) is None


def production_process_env(**changes):
    env = {
        name: value
        for name, value in os.environ.items()
        if name
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "CELERY_RESULT_BACKEND",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return {**env, **PRODUCTION_ENV, **changes}


def run(command, env, cwd):
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_manage_py_check_deploy_without_database_or_broker_exits_non_zero(settings):
    result = run(
        [sys.executable, "manage.py", "check", "--deploy"],
        production_process_env(),
        settings.BASE_DIR,
    )

    assert result.returncode != 0
    assert "zhicheng.E001" in result.stderr and "DATABASE_URL" in result.stderr
    assert "zhicheng.E002" in result.stderr and "CELERY_BROKER_URL" in result.stderr
    for other in ("E003", "E004", "E005", "E006", "E007", "E008", "E009", "E010", "E012", "E013"):
        assert f"zhicheng.{other}" not in result.stderr


def test_a_real_celery_worker_exits_instead_of_running_in_process(settings, tmp_path):
    result = run(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo"],
        production_process_env(CELERY_BROKER_URL="redis://127.0.0.1:9/0"),
        settings.BASE_DIR,
    )

    assert result.returncode != 0
    assert "The worker process refuses to start" in result.stderr
    assert "zhicheng.E001" in result.stderr and "DATABASE_URL" in result.stderr
    assert "zhicheng.E002" not in result.stderr
