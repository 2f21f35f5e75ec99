"""Public verification: every look-up of a certificate number, typed or read from an uploaded
certificate PDF, is answered and logged."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from certificates import selectors
from certificates.models import Certificate, CertificateIssue, VerificationLog
from certificates.pdf_signature import PdfSignatureCheck, SignatureStatus, check_pdf
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
    _log(
        certificate=certificate,
        number=normalized or (number or ""),
        result=result,
        channel=channel,
        ip_address=ip_address,
        user_agent=user_agent,
        user=user,
    )
    return Verification(number=normalized, result=result, certificate=certificate)


@dataclass(frozen=True)
class PdfVerification:
    signature: PdfSignatureCheck
    # The certificate's current status, looked up from the number in the signed PDF; None
    # when the signature is not the authority's or the PDF was changed.
    verification: Verification | None
    # When the certificate was reissued after this copy was signed: the copy is void, only
    # the reissued one counts (a lost certificate is reissued under the same number).
    superseded_on: date | None = None


def _superseded_on(certificate: Certificate | None, signed_at) -> date | None:
    if certificate is None or signed_at is None:
        return None
    # The signing time is given to the second: a copy signed in the second of the reissue is
    # the reissued one.
    reissue = (
        certificate.issues.filter(
            kind=CertificateIssue.Kind.REISSUE, created_at__gte=signed_at + timedelta(seconds=1)
        )
        .order_by("created_at")
        .first()
    )
    return reissue.issued_on if reissue else None


def verify_certificate_pdf(
    content: bytes,
    *,
    channel: str,
    ip_address: str | None = None,
    user_agent: str = "",
    user=None,
) -> PdfVerification:
    """Answer for an uploaded certificate PDF: is its signature the issuing authority's and
    is the file unchanged, and what is the status of the certificate whose number it holds.
    A file that is no readable PDF, or a PDF without a signature, is refused: nothing is
    looked up. A signed PDF is logged like a number look-up; one whose signature fails is
    logged as invalid, tied to no certificate (its number cannot be trusted)."""
    check = check_pdf(content)
    if check.status == SignatureStatus.UNREADABLE:
        raise ValidationError(
            {
                "pdf": _(
                    "The file is not a PDF, or it is damaged. Upload the certificate PDF as issued."
                )
            }
        )
    if check.status == SignatureStatus.UNSIGNED:
        raise ValidationError(
            {
                "pdf": _(
                    "This PDF carries no signature, so it is not a certificate PDF issued by "
                    "this system. Type the certificate number instead."
                )
            }
        )
    if not check.is_valid or not check.number:
        _log(
            certificate=None,
            number=check.number,
            result=VerificationLog.Result.INVALID,
            channel=channel,
            ip_address=ip_address,
            user_agent=user_agent,
            user=user,
        )
        return PdfVerification(signature=check, verification=None)
    verification = look_up_certificate(
        check.number, channel=channel, ip_address=ip_address, user_agent=user_agent, user=user
    )
    return PdfVerification(
        signature=check,
        verification=verification,
        superseded_on=_superseded_on(verification.certificate, check.signed_at),
    )


def _log(*, certificate, number, result, channel, ip_address, user_agent, user) -> None:
    VerificationLog.objects.create(
        certificate=certificate,
        number=number[:64],
        result=result,
        channel=channel,
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:255],
        user=user if user is not None and user.is_authenticated else None,
    )
