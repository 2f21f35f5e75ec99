"""Public verification: every look-up of a certificate number is answered and logged."""

from dataclasses import dataclass

from certificates import selectors
from certificates.models import Certificate, VerificationLog
from certificates.signing import signature_is_valid


@dataclass(frozen=True)
class Verification:
    number: str
    result: str  # VerificationLog.Result
    certificate: Certificate | None

    @property
    def fields(self) -> dict:
        if self.certificate is None or self.result == VerificationLog.Result.INVALID:
            return {}
        return selectors.public_fields(self.certificate)

    @property
    def revoked_at(self):
        if self.result != VerificationLog.Result.REVOKED:
            return None
        return self.certificate.revoked_at


def look_up_certificate(
    number: str, *, channel: str, ip_address: str | None = None, user_agent: str = "", user=None
) -> Verification:
    """Answer for a certificate number: valid, revoked, unknown, or invalid when the stored
    record no longer matches its signature. Every look-up is logged for the holder."""
    from certificates.numbering import normalize_number

    normalized = normalize_number(number)
    certificate = Certificate.objects.filter(number=normalized).first() if normalized else None
    Result = VerificationLog.Result
    if certificate is None:
        result = Result.UNKNOWN
    elif not signature_is_valid(certificate):
        result = Result.INVALID
    elif certificate.is_revoked:
        result = Result.REVOKED
    else:
        result = Result.VALID
    VerificationLog.objects.create(
        certificate=certificate,
        number=normalized or (number or "")[:64],
        result=result,
        channel=channel,
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:255],
        user=user if user is not None and user.is_authenticated else None,
    )
    return Verification(number=normalized, result=result, certificate=certificate)
