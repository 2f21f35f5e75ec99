"""After issue: the HR bureau revokes a qualification with its certificate (and, for fraud,
bars the holder from declaring) or reissues a lost certificate; a holder uploads the photo
their certificates print."""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.models import Role
from applicants.services import bar_from_declaring
from applicants.workflow import perform_transition
from audit.services import append_audit_record
from certificates.models import Certificate, CertificateIssue, HolderPhoto
from certificates.permissions import bureau_membership
from certificates.services.filing import required_reason
from certificates.signing import sign_certificate
from core.outbox import send_on_commit

PHOTO_SIZE = (390, 520)  # pixels, 3:4 as printed (33 x 44 mm)
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _managing_bureau(certificate: Certificate, actor):
    plan = certificate.filing.meeting.plan
    membership = bureau_membership(actor, plan)
    if membership is None:
        raise PermissionDenied(_("Only the HR bureau that issued this certificate may change it."))
    return membership


def _locked_certificate(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("filing__meeting__plan__organizer", "declaration", "holder")
        .get(pk=certificate.pk)
    )


@transaction.atomic
def revoke_certificate(
    certificate: Certificate, *, actor, reason: str, fraud: bool = False
) -> Certificate:
    """Revoke the qualification and its certificate. For fraud the holder is also barred
    from declaring for settings.FRAUD_BAN_YEARS (enforced by the eligibility checks)."""
    reason = required_reason(reason)
    certificate = _locked_certificate(certificate)
    membership = _managing_bureau(certificate, actor)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate is already revoked."))
    perform_transition(certificate.declaration, "revoke", actor=actor, reason=reason)
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revocation_reason = reason
    certificate.revoked_for_fraud = bool(fraud)
    certificate.save(
        update_fields=[
            "status",
            "revoked_at",
            "revoked_by",
            "revocation_reason",
            "revoked_for_fraud",
        ]
    )
    if fraud:
        bar_from_declaring(
            certificate.holder,
            actor=actor,
            started_on=timezone.localdate(),
            reason=_("Certificate %(number)s revoked for fraud: %(reason)s")
            % {"number": certificate.number, "reason": reason},
            organization=membership.organization,
        )
    return certificate


@transaction.atomic
def reissue_certificate(certificate: Certificate, *, actor, reason: str) -> Certificate:
    """Reissue a lost certificate: same number, today's issue date, signed and rendered anew."""
    from certificates.tasks import render_certificate

    reason = required_reason(reason)
    certificate = _locked_certificate(certificate)
    membership = _managing_bureau(certificate, actor)
    if certificate.is_revoked:
        raise ValidationError(_("A revoked certificate cannot be reissued."))
    certificate.issued_on = timezone.localdate()
    sign_certificate(certificate)
    photo = HolderPhoto.objects.filter(person_id=certificate.holder_id).first()
    if photo is not None:
        certificate.photo = photo.image.name
    certificate.pdf = ""
    certificate.pdf_size = None
    certificate.save(
        update_fields=[
            "issued_on",
            "signature",
            "signing_key_id",
            "signature_algorithm",
            "photo",
            "pdf",
            "pdf_size",
        ]
    )
    CertificateIssue.objects.create(
        certificate=certificate,
        kind=CertificateIssue.Kind.REISSUE,
        issued_on=certificate.issued_on,
        reason=reason,
        actor=actor,
    )
    append_audit_record(
        action="reissue_certificate",
        actor=actor,
        role=Role.HR_BUREAU,
        organization=membership.organization,
        declaration=certificate.declaration,
        reason=reason,
        payload={"certificate": certificate.number, "issued_on": certificate.issued_on},
    )
    send_on_commit(render_certificate, certificate.pk)
    return certificate


@transaction.atomic
def upload_holder_photo(*, actor, image) -> HolderPhoto:
    """The person's own ID photo for their certificates, cut to the printed 3:4 size."""
    if image.size > PHOTO_MAX_BYTES:
        raise ValidationError({"image": _("The photo may be at most 5 MB.")})
    try:
        with Image.open(image) as picture:
            if picture.format not in ("JPEG", "PNG"):
                raise ValidationError({"image": _("Upload the photo as a JPEG or PNG image.")})
            picture = ImageOps.exif_transpose(picture).convert("RGB")
            picture = ImageOps.fit(picture, PHOTO_SIZE, Image.Resampling.LANCZOS)
            output = io.BytesIO()
            picture.save(output, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError({"image": _("This file is not a readable image.")}) from error
    photo = HolderPhoto.objects.filter(person=actor).first() or HolderPhoto(person=actor)
    photo.uploaded_by = actor
    # The previous file stays: certificates already issued print it.
    photo.image.save("photo.jpg", ContentFile(output.getvalue()), save=False)
    photo.save()
    return photo
