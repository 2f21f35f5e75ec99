"""The issuing authority's signature on each certificate: Ed25519 (`cryptography`) or the
national algorithm SM2 with SM3 (GM/T 0003, GM/T 0004; `tongsuopy`, the Tongsuo project's
binding of its OpenSSL fork), chosen by settings.CERTIFICATE_SIGNATURE_ALGORITHM for new
certificates.

What is signed is the certificate's canonical data: its printed fields as JSON with sorted
keys, no spaces, UTF-8 (`canonical_bytes`). Anyone holding the published public key can
check a certificate's data against its signature (`openssl`, README.md); changing any one
field breaks it. SM2 signatures are DER, over SM3 with the default distinguishing id
1234567812345678, as `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt
distid:1234567812345678` checks them.

The private key is settings.CERTIFICATE_SIGNING_KEY: the base64 of the 32-byte private key of
the chosen algorithm, from the environment, never in the repository (`manage.py
generate_signing_key [--algorithm sm2]` makes one). Each certificate records the algorithm
and the key that signed it, so a certificate signed before a switch or a rotation stays
checkable through settings.CERTIFICATE_RETIRED_PUBLIC_KEYS: base64 of a raw Ed25519 public
key, or of a DER SubjectPublicKeyInfo of either algorithm (the PEM's body on one line)."""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from tongsuopy.crypto import hashes as sm_hashes
from tongsuopy.crypto import serialization as sm_serialization
from tongsuopy.crypto.asymciphers import ec as sm_ec
from tongsuopy.crypto.exceptions import InternalError as SMInternalError
from tongsuopy.crypto.exceptions import InvalidSignature as SMInvalidSignature
from tongsuopy.crypto.exceptions import UnsupportedAlgorithm as SMUnsupportedAlgorithm

from certificates.models import Certificate

FORMAT_VERSION = 1
SIGNED_FIELDS = Certificate.PRINTED_FIELDS

ED25519 = Certificate.SignatureAlgorithm.ED25519
SM2 = Certificate.SignatureAlgorithm.SM2
# Tongsuo computes SM2's Z value with this id when none is set: GM/T 0009's default user id.
SM2_DISTINGUISHING_ID = "1234567812345678"
# The order n of the SM2 curve (GM/T 0003.5): a private key d is in [1, n - 2].
SM2_ORDER = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)


def canonical_data(certificate) -> dict:
    data = {"format": FORMAT_VERSION}
    for name in SIGNED_FIELDS:
        value = getattr(certificate, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def canonical_bytes(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


class _Ed25519:
    name = "Ed25519"

    @staticmethod
    def private_key(raw: bytes):
        return Ed25519PrivateKey.from_private_bytes(raw)

    @staticmethod
    def private_bytes(key) -> bytes:
        return key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    @staticmethod
    def generate():
        return Ed25519PrivateKey.generate()

    @staticmethod
    def from_seed(seed: bytes):
        return Ed25519PrivateKey.from_private_bytes(seed)

    @staticmethod
    def public_bytes(key) -> bytes:
        """The published form (base64) and what the key id hashes: the raw 32 bytes."""
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @staticmethod
    def public_pem(key) -> str:
        return key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    @staticmethod
    def sign(key, data: bytes) -> bytes:
        return key.sign(data)

    @staticmethod
    def verify(key, signature: bytes, data: bytes) -> bool:
        try:
            key.verify(signature, data)
        except InvalidSignature:
            return False
        return True


class _SM2:
    name = "SM2"

    @staticmethod
    def private_key(raw: bytes):
        if len(raw) != 32:
            raise ValueError("an SM2 private key is 32 bytes")
        value = int.from_bytes(raw, "big")
        if not 1 <= value <= SM2_ORDER - 2:
            raise ValueError("not an SM2 private key")
        return sm_ec.derive_private_key(value, sm_ec.SM2())

    @staticmethod
    def private_bytes(key) -> bytes:
        return key.private_numbers().private_value.to_bytes(32, "big")

    @staticmethod
    def generate():
        return sm_ec.generate_private_key(sm_ec.SM2())

    @staticmethod
    def from_seed(seed: bytes):
        value = int.from_bytes(seed, "big") % (SM2_ORDER - 2) + 1
        return sm_ec.derive_private_key(value, sm_ec.SM2())

    @staticmethod
    def public_bytes(key) -> bytes:
        """The published form (base64) and what the key id hashes: the DER
        SubjectPublicKeyInfo, which openssl reads and which names the curve."""
        return key.public_bytes(
            sm_serialization.Encoding.DER, sm_serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @staticmethod
    def public_pem(key) -> str:
        return key.public_bytes(
            sm_serialization.Encoding.PEM, sm_serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    @staticmethod
    def sign(key, data: bytes) -> bytes:
        return key.sign(data, sm_ec.ECDSA(sm_hashes.SM3()))

    @staticmethod
    def verify(key, signature: bytes, data: bytes) -> bool:
        try:
            key.verify(signature, data, sm_ec.ECDSA(sm_hashes.SM3()))
        # A signature that is not DER at all surfaces as Tongsuo's error stack.
        except (SMInvalidSignature, SMInternalError, ValueError):
            return False
        return True


ALGORITHMS = {ED25519: _Ed25519, SM2: _SM2}


@dataclass(frozen=True)
class PublicKey:
    algorithm: str
    key: object

    @property
    def name(self) -> str:
        return ALGORITHMS[self.algorithm].name

    @property
    def raw(self) -> bytes:
        return ALGORITHMS[self.algorithm].public_bytes(self.key)

    @property
    def key_id(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()[:16]

    @property
    def base64(self) -> str:
        return base64.b64encode(self.raw).decode()

    @property
    def pem(self) -> str:
        return ALGORITHMS[self.algorithm].public_pem(self.key)

    def verify(self, signature: bytes, data: bytes) -> bool:
        return ALGORITHMS[self.algorithm].verify(self.key, signature, data)


def algorithm() -> str:
    """The algorithm new certificates are signed with."""
    chosen = str(settings.CERTIFICATE_SIGNATURE_ALGORITHM).strip().lower()
    if chosen not in ALGORITHMS:
        raise ImproperlyConfigured(
            f"CERTIFICATE_SIGNATURE_ALGORITHM is {chosen!r}: choose one of {', '.join(ALGORITHMS)}."
        )
    return chosen


@lru_cache(maxsize=8)
def _load_private_key(encoded: str, chosen: str = ED25519):
    try:
        raw = base64.b64decode(encoded, validate=True)
        return ALGORITHMS[chosen].private_key(raw)
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured(
            f"CERTIFICATE_SIGNING_KEY must be the base64 of a 32-byte {ALGORITHMS[chosen].name} "
            "private key (manage.py generate_signing_key prints one)."
        ) from error


def key_is_valid(encoded: str, chosen: str) -> bool:
    try:
        _load_private_key(encoded, chosen)
    except ImproperlyConfigured:
        return False
    return True


DEVELOPMENT_KEY_LABEL = b"zhicheng DEVELOPMENT certificate signing key, never for production:"


def _development_seed() -> bytes:
    """Derived from SECRET_KEY, so the demo signs and verifies across restarts; only with
    DEBUG on, and the public key page labels it."""
    return hashlib.sha256(DEVELOPMENT_KEY_LABEL + settings.SECRET_KEY.encode()).digest()


@lru_cache(maxsize=4)
def _development_key(secret_key: str, chosen: str) -> str:
    implementation = ALGORITHMS[chosen]
    key = implementation.from_seed(_development_seed())
    return base64.b64encode(implementation.private_bytes(key)).decode()


def _configured_key() -> str:
    if settings.CERTIFICATE_SIGNING_KEY:
        return settings.CERTIFICATE_SIGNING_KEY
    return _development_key(settings.SECRET_KEY, algorithm()) if settings.DEBUG else ""


def is_development_key() -> bool:
    return not settings.CERTIFICATE_SIGNING_KEY and settings.DEBUG


def private_key():
    encoded = _configured_key()
    if not encoded:
        raise ImproperlyConfigured(
            "CERTIFICATE_SIGNING_KEY is not set: certificates cannot be signed. Generate one "
            "with `manage.py generate_signing_key` and put it in the environment."
        )
    return _load_private_key(encoded, algorithm())


def current_public_key() -> PublicKey:
    return PublicKey(algorithm(), private_key().public_key())


def public_key():
    return private_key().public_key()


def public_key_bytes(key) -> bytes:
    return PublicKey(_algorithm_of(key), key).raw


def key_id(key) -> str:
    return PublicKey(_algorithm_of(key), key).key_id


def public_key_base64() -> str:
    return current_public_key().base64


def public_key_pem() -> str:
    return current_public_key().pem


def _algorithm_of(key) -> str:
    return ED25519 if isinstance(key, Ed25519PublicKey) else SM2


@lru_cache(maxsize=64)
def parse_public_key(encoded: str) -> PublicKey:
    """A retired key as settings list it: base64 of a raw Ed25519 key (32 bytes), or of a
    DER SubjectPublicKeyInfo of Ed25519 or SM2."""
    raw = base64.b64decode(encoded, validate=True)
    if len(raw) == 32:
        return PublicKey(ED25519, Ed25519PublicKey.from_public_bytes(raw))
    try:
        key = serialization.load_der_public_key(raw)
    except (ValueError, UnsupportedAlgorithm):
        key = None
    if isinstance(key, Ed25519PublicKey):
        return PublicKey(ED25519, key)
    try:
        key = sm_serialization.load_der_public_key(raw)
    except (ValueError, SMUnsupportedAlgorithm) as error:
        raise ValueError("neither an Ed25519 nor an SM2 public key") from error
    if not isinstance(getattr(key, "curve", None), sm_ec.SM2):
        raise ValueError("neither an Ed25519 nor an SM2 public key")
    return PublicKey(SM2, key)


def retired_public_keys() -> list[PublicKey]:
    keys = []
    for encoded in settings.CERTIFICATE_RETIRED_PUBLIC_KEYS:
        try:
            keys.append(parse_public_key(encoded.strip()))
        except (binascii.Error, ValueError) as error:
            raise ImproperlyConfigured(
                f"CERTIFICATE_RETIRED_PUBLIC_KEYS holds {encoded[:12]!r}…, which is not the "
                "base64 of an Ed25519 or SM2 public key."
            ) from error
    return keys


def _known_public_keys() -> dict[tuple[str, str], PublicKey]:
    keys = {(key.algorithm, key.key_id): key for key in retired_public_keys()}
    current = current_public_key()
    keys[(current.algorithm, current.key_id)] = current
    return keys


@lru_cache(maxsize=8)
def _key_id_of(private, chosen: str) -> str:
    # Serializing an SM2 public key costs as much as a signature: once per key, not per sign.
    return PublicKey(chosen, private.public_key()).key_id


def sign(data: dict) -> tuple[str, str]:
    """The base64 signature of `data` and the id of the key that made it, with the
    configured algorithm (`algorithm()`, which the certificate records)."""
    chosen = algorithm()
    key = private_key()
    signature = ALGORITHMS[chosen].sign(key, canonical_bytes(data))
    return base64.b64encode(signature).decode(), _key_id_of(key, chosen)


def sign_certificate(certificate) -> None:
    """Sign the certificate's canonical data and record the signature, key and algorithm."""
    certificate.signature_algorithm = algorithm()
    certificate.signature, certificate.signing_key_id = sign(canonical_data(certificate))


def signature_is_valid(certificate) -> bool:
    algorithm_used = certificate.signature_algorithm or ED25519
    key = _known_public_keys().get((algorithm_used, certificate.signing_key_id))
    if key is None:
        return False
    try:
        signature = base64.b64decode(certificate.signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    return key.verify(signature, canonical_bytes(canonical_data(certificate)))


def generate_private_key_base64(chosen: str = ED25519) -> str:
    implementation = ALGORITHMS[chosen]
    return base64.b64encode(implementation.private_bytes(implementation.generate())).decode()
