"""docker-compose.yml runs the production shape as docs/deployment.md describes it: every
setting reaches the application, web is published for the local proxy only, one beat, every
service waits on healthy dependencies, and .env.example names everything the file reads."""

import re

import pytest
import yaml
from django.conf import settings

from core.background import QUEUES

COMPOSE_FILE = settings.BASE_DIR / "docker-compose.yml"
ENV_EXAMPLE = settings.BASE_DIR / ".env.example"
SETTINGS_FILE = settings.BASE_DIR / "config" / "settings.py"

# What production cannot run right without: certificates, QR codes, mail, the public's
# allowances, the database and the broker.
PRODUCTION_SETTINGS = [
    "SECRET_KEY",
    "FIELD_ENCRYPTION_KEYS",
    "FIELD_LOOKUP_HMAC_KEY",
    "CERTIFICATE_SIGNING_KEY",
    "PUBLIC_BASE_URL",
    "SITE_URL",
    "CLIENT_IP_HEADER",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_TIMEOUT",
    "DEFAULT_FROM_EMAIL",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
]
# The older name of CLIENT_IP_HEADER, read only when that is unset; compose always sets it.
NOT_FOR_NEW_DEPLOYMENTS = {"VERIFY_CLIENT_IP_HEADER"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def app_services(compose):
    services = {
        name: service
        for name, service in compose["services"].items()
        if service.get("image") == "zhicheng:latest"
    }
    assert len(services) >= 6, services.keys()
    return services


def settings_read_from_environment():
    source = SETTINGS_FILE.read_text()
    names = set(re.findall(r'\benv(?:_bool|_int|_list)?\(\s*"([A-Z][A-Z0-9_]*)"', source))
    assert len(names) > 50, "config/settings.py reads its settings some other way now"
    return names


def variables_compose_reads():
    return set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", COMPOSE_FILE.read_text()))


def variables_env_example_lists():
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.MULTILINE))


def test_every_production_setting_is_passed_to_every_app_service(app_services):
    for name, service in app_services.items():
        missing = [key for key in PRODUCTION_SETTINGS if key not in service["environment"]]
        assert not missing, f"{name} lacks {missing}"
        assert service["environment"]["DEBUG"] == "0"
        assert service["env_file"] == ".env"


def test_every_setting_reaches_the_app_from_compose_or_env_example(app_services):
    passed = set(app_services["web"]["environment"]) | variables_env_example_lists()

    missing = settings_read_from_environment() - NOT_FOR_NEW_DEPLOYMENTS - passed

    assert not missing, f"add to .env.example (or docker-compose.yml): {sorted(missing)}"


def test_env_example_lists_every_variable_the_compose_file_reads():
    read = variables_compose_reads()
    assert {"SECRET_KEY", "CERTIFICATE_SIGNING_KEY", "POSTGRES_PASSWORD"} <= read

    assert not read - variables_env_example_lists()


def test_secrets_and_public_addresses_are_required_not_defaulted():
    text = COMPOSE_FILE.read_text()
    for name in (
        "SECRET_KEY",
        "CERTIFICATE_SIGNING_KEY",
        "PUBLIC_BASE_URL",
        "SITE_URL",
        "CLIENT_IP_HEADER",
        "POSTGRES_PASSWORD",
    ):
        assert f"${{{name}:?" in text, name
        assert f"${{{name}:-" not in text, name


def test_web_is_published_on_the_loopback_address_only(compose):
    published = {name: service.get("ports", []) for name, service in compose["services"].items()}

    assert [name for name, ports in published.items() if ports] == ["web"]
    assert all(str(port).startswith("127.0.0.1:") for port in published["web"])


def test_web_runs_gunicorn_with_its_settings_file(compose):
    command = compose["services"]["web"]["command"]

    assert command[:3] == ["gunicorn", "-c", "config/gunicorn.conf.py"]
    assert "--workers" not in command


def test_exactly_one_beat_runs(compose):
    beats = [
        name
        for name, service in compose["services"].items()
        if "beat" in (service.get("command") or [])
    ]

    assert beats == ["beat"]
    assert compose["services"]["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_the_workers_consume_every_queue_between_them(compose):
    consumed = []
    for service in compose["services"].values():
        command = service.get("command") or []
        if "worker" in command:
            consumed += command[command.index("-Q") + 1].split(",")

    expected = [f"${{TASK_QUEUE_PREFIX:-}}{queue}" for queue in ("celery", *QUEUES)]
    assert sorted(consumed) == sorted(expected)


def test_every_service_is_health_checked_or_waits_on_a_condition(compose):
    for name, service in compose["services"].items():
        conditions = [
            dependency.get("condition") for dependency in (service.get("depends_on") or {}).values()
        ]
        assert "healthcheck" in service or (conditions and all(conditions)), name
        if isinstance(service.get("depends_on"), list):
            pytest.fail(f"{name}: depends_on without conditions starts before it is ready")


def test_long_running_app_services_are_health_checked(app_services):
    for name, service in app_services.items():
        if name != "migrate":
            assert service["healthcheck"]["test"], name
    assert "/health/live/" in " ".join(app_services["web"]["healthcheck"]["test"])


def test_the_app_reaches_postgresql_through_pgbouncer_and_migrate_directly(compose):
    services = compose["services"]

    assert "@pgbouncer:" in services["web"]["environment"]["DATABASE_URL"]
    assert "@postgres:" in services["migrate"]["environment"]["DATABASE_URL"]
    assert services["pgbouncer"]["environment"]["POOL_MODE"] == "session"
    assert services["web"]["depends_on"]["pgbouncer"]["condition"] == "service_healthy"
