"""A production configuration that refuses to be wrong.

With DEBUG off, each setting below that is missing or still on its demo value is an Error
naming the setting and how to set it. `manage.py check --deploy` reports them, and the web
process (config/wsgi.py), the Celery worker and beat (config/celery.py) refuse to start with
them through `refuse_to_start_when_misconfigured`: the demo defaults (SQLite, tasks run
in-process, a signing key derived from SECRET_KEY, links to 127.0.0.1) fail silently in
production, so they must fail loudly at start instead."""

import base64
import binascii
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

TAG = "zhicheng_production"
DOCS = "See docs/deployment.md."

# config/settings.py's fallback when DEBUG is on, and the Dockerfile's build-time key.
DEMO_SECRET_KEYS = frozenset(
    {"insecure-development-key-only-for-debug", "build-only-collectstatic"}
)
# Django writes a request header into request.META as HTTP_ + upper case, dashes as underscores.
META_HEADER_NAME = re.compile(r"^HTTP_[A-Z0-9_]+$")


def _database_errors() -> list[Error]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine or "postgis" in engine:
        return []
    return [
        Error(
            f"The database is {engine.rsplit('.', 1)[-1]}, not PostgreSQL: DATABASE_URL is not "
            "set or does not name a PostgreSQL server.",
            hint="Set DATABASE_URL=postgres://<user>:<password>@<host>:5432/<database>. " + DOCS,
            id="zhicheng.E001",
        )
    ]


def _broker_errors() -> list[Error]:
    if settings.CELERY_BROKER_URL and not settings.CELERY_TASK_ALWAYS_EAGER:
        return []
    return [
        Error(
            "CELERY_BROKER_URL is not set: background tasks (certificates, e-mail, jobs, the "
            "nightly schedule) would run inside web requests, and beat would have no workers.",
            hint="Set CELERY_BROKER_URL (or REDIS_URL) to redis://<host>:6379/<db>. " + DOCS,
            id="zhicheng.E002",
        )
    ]


# certificates/signing.py's algorithms: core sits below certificates, so it names them here.
SIGNATURE_ALGORITHMS = {"ed25519": "Ed25519", "sm2": "SM2"}


def _signature_algorithm_errors() -> list[Error]:
    algorithm = str(settings.CERTIFICATE_SIGNATURE_ALGORITHM).strip().lower()
    if algorithm in SIGNATURE_ALGORITHMS:
        return []
    return [
        Error(
            f"CERTIFICATE_SIGNATURE_ALGORITHM is {algorithm!r}, which certificates cannot be "
            "signed with.",
            hint="Set CERTIFICATE_SIGNATURE_ALGORITHM=ed25519 (the default) or sm2, with a "
            "CERTIFICATE_SIGNING_KEY of that algorithm. " + DOCS,
            id="zhicheng.E011",
        )
    ]


def _signing_key_errors() -> list[Error]:
    key = settings.CERTIFICATE_SIGNING_KEY
    algorithm = str(settings.CERTIFICATE_SIGNATURE_ALGORITHM).strip().lower()
    hint = (
        f"Generate one with `python manage.py generate_signing_key --algorithm {algorithm}` "
        "and set CERTIFICATE_SIGNING_KEY in the environment (never in the repository). " + DOCS
    )
    if not key:
        return [
            Error(
                "CERTIFICATE_SIGNING_KEY is not set: no certificate can be signed or issued.",
                hint=hint,
                id="zhicheng.E003",
            )
        ]
    try:
        raw = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) == 32:
        return []
    return [
        Error(
            "CERTIFICATE_SIGNING_KEY is not the base64 of a 32-byte "
            f"{SIGNATURE_ALGORITHMS.get(algorithm, 'Ed25519')} private key: every certificate "
            "would fail to sign.",
            hint=hint,
            id="zhicheng.E004",
        )
    ]


def _pem_or_der(value: str) -> bytes:
    # As certificates/pdf_signature.py reads them: PEM, or the base64 of a PEM or DER file.
    text = value.strip()
    if text.startswith("-----BEGIN"):
        return text.encode()
    return base64.b64decode("".join(text.split()), validate=True)


def _pdf_signing_problem(key_value: str, certificate_value: str) -> str:
    """Why the PDF-signing key and certificate would not sign, or ""."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        key_data, certificate_data = _pem_or_der(key_value), _pem_or_der(certificate_value)
        if key_data.startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(key_data, password=None)
        else:
            key = serialization.load_der_private_key(key_data, password=None)
        if certificate_data.startswith(b"-----BEGIN"):
            certificate = x509.load_pem_x509_certificates(certificate_data)[0]
        else:
            certificate = x509.load_der_x509_certificate(certificate_data)
    except (binascii.Error, ValueError, TypeError, IndexError):
        return "is not an unencrypted private key and its X.509 certificate (PEM or base64)"
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if key.public_key().public_bytes(*spki) != certificate.public_key().public_bytes(*spki):
        return "is not a key and its own certificate"
    if certificate.not_valid_after_utc < datetime.now(UTC):
        return f"has a certificate that expired on {certificate.not_valid_after_utc:%Y-%m-%d}"
    return ""


def _pdf_signing_errors() -> list[Error]:
    key, certificate = (
        settings.CERTIFICATE_PDF_SIGNING_KEY,
        settings.CERTIFICATE_PDF_SIGNING_CERTIFICATE,
    )
    hint = (
        "Set CERTIFICATE_PDF_SIGNING_KEY and CERTIFICATE_PDF_SIGNING_CERTIFICATE to the issuing "
        "authority's key and certificate (base64 of the PEM); `python manage.py "
        "generate_pdf_signing_certificate` makes a self-signed pair. " + DOCS
    )
    if not (key and certificate):
        return [
            Error(
                "CERTIFICATE_PDF_SIGNING_KEY or CERTIFICATE_PDF_SIGNING_CERTIFICATE is not set: "
                "certificate PDFs would be signed by a development certificate.",
                hint=hint,
                id="zhicheng.E012",
            )
        ]
    problem = _pdf_signing_problem(key, certificate)
    if not problem:
        return []
    return [
        Error(
            f"CERTIFICATE_PDF_SIGNING_KEY with CERTIFICATE_PDF_SIGNING_CERTIFICATE {problem}: "
            "every certificate PDF would fail to sign.",
            hint=hint,
            id="zhicheng.E013",
        )
    ]


def _public_url_errors(name: str, use: str, error_id: str) -> list[Error]:
    value = getattr(settings, name)
    parts = urlsplit(value or "")
    if parts.scheme == "https" and parts.hostname:
        return []
    return [
        Error(
            f"{name} is {value!r}, not an https address: {use}.",
            hint=f"Set {name}=https://<the address the public reaches>. " + DOCS,
            id=error_id,
        )
    ]


def _client_ip_header_errors() -> list[Error]:
    header = settings.CLIENT_IP_HEADER
    if not header:
        return [
            Error(
                "CLIENT_IP_HEADER is not set: behind the reverse proxy every visitor has the "
                "proxy's address, so the whole public shares one verification and sign-in "
                "allowance.",
                hint="Have the proxy write the client's address into a header of its own (e.g. "
                "X-Real-IP) and set CLIENT_IP_HEADER=HTTP_X_REAL_IP. " + DOCS,
                id="zhicheng.E007",
            )
        ]
    if META_HEADER_NAME.match(header):
        return []
    return [
        Error(
            f"CLIENT_IP_HEADER is {header!r}, which no request carries: name the header as "
            "Django sees it, HTTP_ then the header in upper case with underscores.",
            hint="For X-Real-IP set CLIENT_IP_HEADER=HTTP_X_REAL_IP. " + DOCS,
            id="zhicheng.E008",
        )
    ]


def _secret_key_errors() -> list[Error]:
    if settings.SECRET_KEY not in DEMO_SECRET_KEYS:
        return []
    return [
        Error(
            "SECRET_KEY is the development or build-time key: sessions, password-reset links "
            "and the development keys derived from it could be forged.",
            hint='Set SECRET_KEY to a long random value: python -c "import secrets; '
            'print(secrets.token_urlsafe(64))". ' + DOCS,
            id="zhicheng.E009",
        )
    ]


def _field_encryption_errors() -> list[Error]:
    if not settings.FIELD_ENCRYPTION_DEVELOPMENT_KEYS:
        return []
    return [
        Error(
            "FIELD_ENCRYPTION_KEYS or FIELD_LOOKUP_HMAC_KEY is not set: ID numbers and phone "
            "numbers would be encrypted with development keys derived from SECRET_KEY.",
            hint="Set FIELD_ENCRYPTION_KEYS=<key id>:<key> and FIELD_LOOKUP_HMAC_KEY=<key>; make "
            'a key with python -c "import base64, os; '
            'print(base64.b64encode(os.urandom(32)).decode())". ' + DOCS,
            id="zhicheng.E010",
        )
    ]


def check_production_configuration(app_configs=None, **kwargs) -> list[Error]:
    """Every Error of a DEBUG-off configuration; none in the demo."""
    if settings.DEBUG:
        return []
    return [
        *_database_errors(),
        *_broker_errors(),
        *_signature_algorithm_errors(),
        *_signing_key_errors(),
        *_pdf_signing_errors(),
        *_public_url_errors(
            "PUBLIC_BASE_URL", "the certificates' QR codes would point at it", "zhicheng.E005"
        ),
        *_public_url_errors("SITE_URL", "e-mailed links would point at it", "zhicheng.E006"),
        *_client_ip_header_errors(),
        *_secret_key_errors(),
        *_field_encryption_errors(),
    ]


def refuse_to_start_when_misconfigured(process: str) -> None:
    """Raise ImproperlyConfigured listing every Error, so that `process` (web, worker, beat)
    never starts on a configuration that would run wrong. Silencing does not apply here."""
    errors = check_production_configuration()
    if not errors:
        return
    lines = "\n".join(f"  {error.id}: {error.msg}\n    {error.hint}" for error in errors)
    raise ImproperlyConfigured(
        f"The {process} process refuses to start with DEBUG off; fix the configuration:\n{lines}"
    )
