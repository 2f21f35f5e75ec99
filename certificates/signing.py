"""The issuing authority's signature on each certificate (Ed25519, `cryptography`).

What is signed is the certificate's canonical data: its printed fields as JSON with sorted
keys, no spaces, UTF-8 (`canonical_bytes`). Anyone holding the published public key can
check a certificate's data against its signature; changing any one field breaks it.

The private key is settings.CERTIFICATE_SIGNING_KEY: the base64 of the 32-byte Ed25519 key,
from the environment, never in the repository (`manage.py generate_signing_key` makes one).
Keys that signed earlier certificates stay checkable through
settings.CERTIFICATE_RETIRED_PUBLIC_KEYS (base64 public keys)."""

import base64
import binascii
import hashlib
import json
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from certificates.models import Certificate

FORMAT_VERSION = 1
SIGNED_FIELDS = Certificate.PRINTED_FIELDS


def canonical_data(certificate) -> dict:
    data = {"format": FORMAT_VERSION}
    for name in SIGNED_FIELDS:
        value = getattr(certificate, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def canonical_bytes(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@lru_cache(maxsize=4)
def _load_private_key(encoded: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(encoded, validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured(
            "CERTIFICATE_SIGNING_KEY must be the base64 of a 32-byte Ed25519 private key "
            "(manage.py generate_signing_key prints one)."
        ) from error


DEVELOPMENT_KEY_LABEL = b"zhicheng DEVELOPMENT certificate signing key, never for production:"


def _development_key() -> str:
    """Derived from SECRET_KEY, so the demo signs and verifies across restarts; only with
    DEBUG on, and the public key page labels it."""
    seed = hashlib.sha256(DEVELOPMENT_KEY_LABEL + settings.SECRET_KEY.encode()).digest()
    return base64.b64encode(seed).decode()


def _configured_key() -> str:
    if settings.CERTIFICATE_SIGNING_KEY:
        return settings.CERTIFICATE_SIGNING_KEY
    return _development_key() if settings.DEBUG else ""


def is_development_key() -> bool:
    return not settings.CERTIFICATE_SIGNING_KEY and settings.DEBUG


def private_key() -> Ed25519PrivateKey:
    encoded = _configured_key()
    if not encoded:
        raise ImproperlyConfigured(
            "CERTIFICATE_SIGNING_KEY is not set: certificates cannot be signed. Generate one "
            "with `manage.py generate_signing_key` and put it in the environment."
        )
    return _load_private_key(encoded)


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_key_bytes(key)).hexdigest()[:16]


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_base64() -> str:
    return base64.b64encode(public_key_bytes(public_key())).decode()


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _known_public_keys() -> dict[str, Ed25519PublicKey]:
    keys = {}
    for encoded in settings.CERTIFICATE_RETIRED_PUBLIC_KEYS:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(encoded))
        keys[key_id(key)] = key
    current = public_key()
    keys[key_id(current)] = current
    return keys


def sign(data: dict) -> tuple[str, str]:
    """The base64 signature of `data` and the id of the key that made it."""
    key = private_key()
    signature = key.sign(canonical_bytes(data))
    return base64.b64encode(signature).decode(), key_id(key.public_key())


def signature_is_valid(certificate) -> bool:
    key = _known_public_keys().get(certificate.signing_key_id)
    if key is None:
        return False
    try:
        key.verify(
            base64.b64decode(certificate.signature), canonical_bytes(canonical_data(certificate))
        )
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def generate_private_key_base64() -> str:
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()
