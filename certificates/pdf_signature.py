"""The issuing authority's PAdES signature inside each certificate PDF (pyHanko).

Every PDF the batch stores is signed right after rendering (services/issuing.py) with the
authority's X.509 certificate and private key: a CMS signature of subfilter
ETSI.CAdES.detached covering the whole file, so that any PDF reader, poppler's `pdfsig` or
the public verification page can tell that the file is the one issued and unchanged. The
certificate number is written into the document information (`/CertificateNumber`) in the
signed revision, so the verification page reads it from signed data.

Configuration (config/settings.py, docs/deployment.md):
- CERTIFICATE_PDF_SIGNING_KEY: the private key (RSA or EC), PEM, or the base64 of the PEM
  so that it fits on one line of .env;
- CERTIFICATE_PDF_SIGNING_CERTIFICATE: its certificate, then any intermediate certificates
  of its chain, the same way;
- CERTIFICATE_PDF_RETIRED_CERTIFICATES: certificates that signed earlier PDFs (base64 of the
  PEM, comma-separated), so that those PDFs still verify.
`manage.py generate_pdf_signing_certificate` makes a self-signed pair. When neither is set,
a self-signed development certificate derived from the certificate signing key (or, with
DEBUG on, from SECRET_KEY) is used and labelled as such; with DEBUG off the production
check refuses to start without a real one (core/checks.py).

The key, the certificate and the size the signature needs are loaded once per process."""

import asyncio
import base64
import binascii
import contextlib
import datetime
import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec
from pyhanko.sign.general import as_signing_certificate_v2, get_pyca_cryptography_hash
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

logger = logging.getLogger(__name__)
# pyHanko logs a traceback at WARNING for every signer it cannot trust; here that is any PDF
# signed by someone else a visitor uploads, which the page already answers.
logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.ERROR)

NUMBER_KEY = "/CertificateNumber"
FIELD_NAME = "IssuingAuthoritySignature"
DIGEST = "sha256"

DEVELOPMENT_LABEL = b"zhicheng DEVELOPMENT PDF signing certificate, never for production:"
DEVELOPMENT_NAME = "zhicheng DEVELOPMENT certificate signer, not for production"


class SignatureStatus:
    VALID = "valid"  # ours (current or retired), intact, covering the whole file
    INVALID = "invalid"  # signed, but changed since, or not by us
    UNSIGNED = "unsigned"  # a PDF without any signature
    UNREADABLE = "unreadable"  # not a PDF, or too damaged to read


@dataclass(frozen=True)
class SigningIdentity:
    certificate: x509.Certificate
    signer: signers.Signer
    bytes_reserved: int
    development: bool

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.certificate)


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


class _InMemorySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses its private key again for every signature, which costs
    milliseconds for RSA keys; this one signs with the key parsed once."""

    def __init__(self, *, private_key, **kwargs):
        self._private_key = private_key
        super().__init__(**kwargs)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._private_key, rsa.RSAPrivateKey):
            return self._private_key.sign(data, padding.PKCS1v15(), hash_algorithm)
        if isinstance(self._private_key, ec.EllipticCurvePrivateKey):
            return self._private_key.sign(data, ec.ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


class _SigningCertificateAttribute(CMSAttributeProvider):
    attribute_type = "signing_certificate_v2"

    def __init__(self, value: tsp.SigningCertificateV2):
        self.value = value

    async def build_attr_value(self, dry_run=False) -> tsp.SigningCertificateV2:
        return self.value


class _PadesSignedAttributes(SignedAttributeProviderSpec):
    """The signed attributes a PAdES signature adds to the content type and the digest: the
    signing-certificate-v2 naming the authority's certificate, as pyHanko makes it, but made
    once per process. pyHanko builds it again for every signature, and the CMS built around
    a freshly built one costs about three times the rest of the signing."""

    def __init__(self, signing_cert: asn1_x509.Certificate):
        built = as_signing_certificate_v2(signing_cert)
        self.provider = _SigningCertificateAttribute(tsp.SigningCertificateV2.load(built.dump()))

    def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str):
        yield self.provider


def _pem_or_der(value: str, what: str) -> bytes:
    """A PEM text, or the base64 of a PEM or DER (one line, as .env needs)."""
    text = value.strip()
    if text.startswith("-----BEGIN"):
        return text.encode()
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured(
            f"{what} must be PEM, or the base64 of a PEM or DER file "
            "(manage.py generate_pdf_signing_certificate prints one)."
        ) from error


def load_private_key(value: str):
    data = _pem_or_der(value, "CERTIFICATE_PDF_SIGNING_KEY")
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(data, password=None)
        else:
            key = serialization.load_der_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "CERTIFICATE_PDF_SIGNING_KEY is not an unencrypted RSA or EC private key."
        ) from error
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ImproperlyConfigured("CERTIFICATE_PDF_SIGNING_KEY must be an RSA or EC key.")
    return key


def load_certificates(value: str, what: str) -> list[x509.Certificate]:
    data = _pem_or_der(value, what)
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as error:
        raise ImproperlyConfigured(f"{what} is not an X.509 certificate.") from error


def _to_asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _public_bytes(key) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _identity(private_key, chain: list[x509.Certificate], *, development: bool):
    certificate = chain[0]
    if _public_bytes(certificate.public_key()) != _public_bytes(private_key.public_key()):
        raise ImproperlyConfigured(
            "CERTIFICATE_PDF_SIGNING_KEY is not the key of CERTIFICATE_PDF_SIGNING_CERTIFICATE."
        )
    signing_cert = _to_asn1_certificate(certificate)
    der_key = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    signer = _InMemorySigner(
        private_key=private_key,
        signing_cert=signing_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(
            [signing_cert, *(_to_asn1_certificate(c) for c in chain[1:])]
        ),
    )
    signer.signed_attr_prov_spec = _PadesSignedAttributes(signing_cert)
    return SigningIdentity(
        certificate=certificate,
        signer=signer,
        bytes_reserved=_bytes_reserved(signer),
        development=development,
    )


def _outside_event_loop(call):
    """pyHanko's blocking calls run an event loop of their own (asyncio.run), which a thread
    already running one refuses (an ASGI server; Playwright's sync API in the browser tests):
    there the call runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def _bytes_reserved(signer) -> int:
    """The room the signature takes in the file, measured once on a dummy signature, so that
    pyHanko does not make a trial signature for every PDF. Hex doubles it; the margin covers
    the few bytes an ECDSA signature's length varies by."""
    dummy = hashlib.sha256(b"").digest()
    cms = _outside_event_loop(
        lambda: asyncio.run(
            signer.async_sign(
                dummy,
                DIGEST,
                use_pades=True,
                dry_run=True,
                signed_attr_settings=PdfCMSSignedAttributes(
                    signing_time=datetime.datetime.now(datetime.UTC)
                ),
            )
        )
    )
    return len(cms.dump()) * 2 + 256


@lru_cache(maxsize=4)
def _configured_identity(key_value: str, certificate_value: str) -> SigningIdentity:
    chain = load_certificates(certificate_value, "CERTIFICATE_PDF_SIGNING_CERTIFICATE")
    return _identity(load_private_key(key_value), chain, development=False)


def _development_seed() -> bytes:
    base = settings.CERTIFICATE_SIGNING_KEY or (settings.SECRET_KEY if settings.DEBUG else "")
    if not base:
        raise ImproperlyConfigured(
            "CERTIFICATE_PDF_SIGNING_KEY and CERTIFICATE_PDF_SIGNING_CERTIFICATE are not set: "
            "certificate PDFs cannot be signed. Make them with `manage.py "
            "generate_pdf_signing_certificate` and put them in the environment."
        )
    return hashlib.sha256(DEVELOPMENT_LABEL + base.encode()).digest()


@lru_cache(maxsize=4)
def _development_identity(seed: bytes) -> SigningIdentity:
    """The same key and certificate, byte for byte, in every process and after restarts: the
    key comes from the seed, the signature on the certificate is deterministic (RFC 6979)."""
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551  # P-256's
    key = ec.derive_private_key(int.from_bytes(seed, "big") % (order - 1) + 1, ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, DEVELOPMENT_NAME)])
    certificate = _self_signed(
        key,
        name,
        serial=int.from_bytes(hashlib.sha256(seed).digest()[:16], "big") | 1,
        not_before=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        not_after=datetime.datetime(2099, 12, 31, tzinfo=datetime.UTC),
    )
    return _identity(key, [certificate], development=True)


def _self_signed(key, name, *, serial, not_before, not_after) -> x509.Certificate:
    deterministic = (
        {"ecdsa_deterministic": True} if isinstance(key, ec.EllipticCurvePrivateKey) else {}
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256(), **deterministic)
    )


def new_self_signed_pair(name: str, *, days: int = 3650, key_type: str = "ec") -> tuple[str, str]:
    """A new private key and its self-signed certificate, both PEM: for the demo and tests,
    or until the authority's CA-issued certificate is configured."""
    if key_type == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    else:
        key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = _self_signed(
        key,
        subject,
        serial=x509.random_serial_number(),
        not_before=now - datetime.timedelta(hours=1),
        not_after=now + datetime.timedelta(days=days),
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def is_configured() -> bool:
    return bool(
        settings.CERTIFICATE_PDF_SIGNING_KEY and settings.CERTIFICATE_PDF_SIGNING_CERTIFICATE
    )


def signing_identity() -> SigningIdentity:
    if is_configured():
        return _configured_identity(
            settings.CERTIFICATE_PDF_SIGNING_KEY, settings.CERTIFICATE_PDF_SIGNING_CERTIFICATE
        )
    return _development_identity(_development_seed())


def signing_certificate_pem() -> str:
    return signing_identity().certificate.public_bytes(serialization.Encoding.PEM).decode()


@lru_cache(maxsize=4)
def _retired(values: tuple[str, ...]) -> dict[str, x509.Certificate]:
    certificates = {}
    for value in values:
        for certificate in load_certificates(value, "CERTIFICATE_PDF_RETIRED_CERTIFICATES")[:1]:
            certificates[fingerprint(certificate)] = certificate
    return certificates


def known_certificates() -> dict[str, tuple[x509.Certificate, bool]]:
    """Each certificate whose signatures count as ours, by fingerprint: (it, retired)."""
    known = {
        key: (certificate, True)
        for key, certificate in _retired(
            tuple(settings.CERTIFICATE_PDF_RETIRED_CERTIFICATES)
        ).items()
    }
    current = signing_identity()
    known[current.fingerprint] = (current.certificate, False)
    return known


# --- signing ------------------------------------------------------------------------------


def sign_pdf(content: bytes, *, number: str) -> bytes:
    """The PDF signed by the issuing authority, with the certificate number in its document
    information; the signature covers the whole file."""
    identity = signing_identity()
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    info = generic.DictionaryObject()
    with contextlib.suppress(KeyError):  # a PDF need not have document information
        info.update(writer.trailer["/Info"])
    info[generic.NameObject(NUMBER_KEY)] = generic.TextStringObject(number)
    writer.set_info(writer.add_object(info))
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm=DIGEST,
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=number,
        ),
        signer=identity.signer,
    )
    signed = _outside_event_loop(
        lambda: pdf_signer.sign_pdf(writer, bytes_reserved=identity.bytes_reserved)
    )
    return signed.getvalue()


# --- checking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfSignatureCheck:
    status: str  # SignatureStatus
    number: str = ""
    signer: str = ""
    signed_at: datetime.datetime | None = None
    retired: bool = False

    @property
    def is_valid(self) -> bool:
        return self.status == SignatureStatus.VALID


def _signer_name(certificate) -> str:
    try:
        return certificate.subject.human_friendly
    except Exception:  # noqa: BLE001 - only a label
        return ""


def check_pdf(content: bytes) -> PdfSignatureCheck:
    """Whether the PDF carries the issuing authority's intact signature over the whole file,
    and the certificate number it holds. Never raises on bad input."""
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any file a visitor sends
        return PdfSignatureCheck(SignatureStatus.UNREADABLE)
    if not signatures:
        return PdfSignatureCheck(SignatureStatus.UNSIGNED)
    # Ours is the last revision's signature; anything appended after it leaves it short of
    # the whole file.
    embedded = signatures[-1]
    try:
        return _check_embedded(reader, embedded)
    except Exception:  # noqa: BLE001 - a damaged signature is no valid signature
        logger.info("A PDF's signature could not be checked", exc_info=True)
        return PdfSignatureCheck(SignatureStatus.INVALID)


def _check_embedded(reader, embedded) -> PdfSignatureCheck:
    known = known_certificates()
    signer = embedded.signer_cert
    signer_fingerprint = hashlib.sha256(signer.dump()).hexdigest()
    context = ValidationContext(
        trust_roots=[_to_asn1_certificate(c) for c, _retired in known.values()],
        allow_fetching=False,
    )
    status = _outside_event_loop(lambda: validate_pdf_signature(embedded, context, skip_diff=True))
    signed_at = status.signer_reported_dt
    ours = known.get(signer_fingerprint)
    valid = (
        status.intact
        and status.valid
        and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        and ours is not None
    )
    if not valid:
        return PdfSignatureCheck(
            SignatureStatus.INVALID, signer=_signer_name(signer), signed_at=signed_at
        )
    try:
        number = str(reader.trailer["/Info"][NUMBER_KEY])
    except (KeyError, TypeError):
        number = ""
    return PdfSignatureCheck(
        SignatureStatus.VALID,
        number=number,
        signer=_signer_name(signer),
        signed_at=signed_at,
        retired=ours[1],
    )
