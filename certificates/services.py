"""Writes for filing and certificates: the office submits a meeting's publicized results, the
HR bureau approves them with its document number (or returns them), the batch issues and
renders one certificate per declaration, the bureau revokes and reissues, and every public
look-up is logged.

The batch is idempotent by construction: a declaration has at most one certificate (a
unique key), each chunk first skips the declarations that already have theirs, and numbers
are taken inside the chunk's transaction (certificates/numbering.py). Running a chunk again,
after a crash or a Celery retry, issues what is missing and renders the PDFs still missing,
nothing else."""

import io
import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.models import IdType, Role
from applicants.audit import append_audit_record
from applicants.models import Declaration
from applicants.services import bar_from_declaring
from applicants.workflow import perform_transition
from certificates import selectors
from certificates.models import (
    Certificate,
    CertificateIssue,
    Filing,
    FilingEntry,
    HolderPhoto,
    IssueFailure,
    VerificationLog,
)
from certificates.numbering import allocate_sequences, authority_code_for, format_number
from certificates.permissions import bureau_membership, office_membership
from certificates.signing import canonical_data, sign, signature_is_valid
from juries.models import ReviewMeeting

logger = logging.getLogger(__name__)
S = Declaration.Status

# The level names printed on certificates (../shared/domain.md, "Titles"). Fixed Chinese
# text, not interface strings: they are part of the signed data.
LEVEL_NAMES = {1: "员级", 2: "助理级", 3: "中级", 4: "副高级", 5: "正高级"}
PHOTO_SIZE = (390, 520)  # pixels, 3:4 as printed (33 x 44 mm)
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


# --- filing -------------------------------------------------------------------------------


@transaction.atomic
def submit_filing(*, actor, meeting: ReviewMeeting, declaration_ids=None, note: str = "") -> Filing:
    """The office submits the meeting's results for filing: all that are ready, or the
    given ones, each of which must be ready."""
    membership = office_membership(actor, meeting)
    if membership is None:
        raise PermissionDenied(
            _("Only the jury office of this meeting may submit its results for filing.")
        )
    # One submission per meeting at a time, so two clicks cannot file a result twice.
    meeting = ReviewMeeting.objects.select_for_update().select_related("jury").get(pk=meeting.pk)
    ready = set(selectors.declarations_ready_for_filing(meeting).values_list("pk", flat=True))
    if declaration_ids is None:
        chosen = ready
    else:
        chosen = {int(pk) for pk in declaration_ids}
        refused = chosen - ready
        if refused:
            names = Declaration.objects.filter(pk__in=refused).select_related("applicant")
            raise ValidationError(
                _(
                    "These results cannot be filed: %(names)s. Only results that were "
                    "publicized, whose publicity is over and that have no open objection "
                    "can be filed."
                )
                % {"names": "、".join(sorted(str(d.applicant) for d in names)) or refused}
            )
    if not chosen:
        raise ValidationError(_("No result of this meeting is ready for filing."))
    filing = Filing.objects.create(meeting=meeting, submitted_by=actor, note=(note or "").strip())
    FilingEntry.objects.bulk_create(
        FilingEntry(filing=filing, declaration_id=pk) for pk in sorted(chosen)
    )
    append_audit_record(
        action="submit_filing",
        actor=actor,
        role=Role.JURY_OFFICE,
        organization=membership.organization,
        payload={"filing": filing.pk, "meeting": meeting.pk, "declarations": len(chosen)},
    )
    return filing


def _decidable(filing: Filing, actor):
    filing = (
        Filing.objects.select_for_update(of=("self",))
        .select_related("meeting__plan__organizer", "meeting__jury")
        .get(pk=filing.pk)
    )
    membership = bureau_membership(actor, filing.meeting.plan)
    if membership is None:
        raise PermissionDenied(
            _("Only the HR bureau responsible for this plan decides its filing.")
        )
    if filing.status != Filing.Status.SUBMITTED:
        raise ValidationError(_("This filing has already been decided."))
    return filing, membership


def approve_filing(filing: Filing, *, actor, document_number: str, document_date: date) -> Filing:
    """Approve with the official document, file every declaration, and start issuing."""
    document_number = (document_number or "").strip()
    errors = {}
    if not document_number:
        errors["document_number"] = _("Give the approval document number (文号).")
    if not isinstance(document_date, date):
        errors["document_date"] = _("Give the date of the approval document.")
    elif document_date > timezone.localdate():
        errors["document_date"] = _("The approval date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        filing, membership = _decidable(filing, actor)
        declarations = list(
            Declaration.objects.filter(filing_entries__filing=filing)
            .select_related("applicant")
            .order_by("pk")
        )
        ready = set(
            selectors.declarations_ready_for_filing(filing.meeting, except_filing=filing)
            .filter(pk__in=[d.pk for d in declarations])
            .values_list("pk", flat=True)
        )
        refused = [d for d in declarations if d.pk not in ready]
        if refused:
            raise ValidationError(
                _("These results can no longer be filed: %(names)s. Return the filing.")
                % {"names": "、".join(str(d.applicant) for d in refused)}
            )
        reason = _("Approved by %(document)s of %(date)s.") % {
            "document": document_number,
            "date": date_format(document_date),
        }
        # Queued first, so that on commit the batch's tasks go ahead of the messages the
        # moves below queue (one e-mail per declaration): the workers start on the
        # certificates at once instead of after a thousand e-mails (bench/certificates.py).
        enqueue_certificate_issue(filing)
        for declaration in declarations:
            perform_transition(declaration, "file", actor=actor, reason=reason)
        filing.status = Filing.Status.APPROVED
        filing.document_number = document_number
        filing.document_date = document_date
        filing.issuing_authority = membership.organization
        filing.decided_by = actor
        filing.decided_at = timezone.now()
        filing.issue_started_at = filing.decided_at
        filing.save()
        append_audit_record(
            action="approve_filing",
            actor=actor,
            role=Role.HR_BUREAU,
            organization=membership.organization,
            reason=reason,
            payload={
                "filing": filing.pk,
                "document_number": document_number,
                "document_date": document_date,
                "declarations": len(declarations),
            },
        )
    return filing


@transaction.atomic
def return_filing(filing: Filing, *, actor, reason: str) -> Filing:
    reason = _reason(reason)
    filing, membership = _decidable(filing, actor)
    filing.status = Filing.Status.RETURNED
    filing.return_reason = reason
    filing.decided_by = actor
    filing.decided_at = timezone.now()
    filing.save()
    append_audit_record(
        action="return_filing",
        actor=actor,
        role=Role.HR_BUREAU,
        organization=membership.organization,
        reason=reason,
        payload={"filing": filing.pk},
    )
    return filing


# --- batch issue --------------------------------------------------------------------------


def enqueue_certificate_issue(filing: Filing) -> int:
    """Queue one task per chunk of the filing's declarations still missing a certificate or
    its PDF, once the current transaction commits. Returns how many were queued."""
    from certificates.tasks import issue_certificate_chunk

    pending = selectors.pending_declaration_ids(filing)
    size = max(settings.CERTIFICATE_ISSUE_CHUNK_SIZE, 1)
    for start in range(0, len(pending), size):
        issue_certificate_chunk.delay_on_commit(filing.pk, pending[start : start + size])
    return len(pending)


@transaction.atomic
def retry_certificate_issue(filing: Filing, *, actor) -> int:
    """The bureau runs the batch again for whatever is missing (failures included)."""
    filing = Filing.objects.select_related("meeting__plan__organizer").get(pk=filing.pk)
    if bureau_membership(actor, filing.meeting.plan) is None:
        raise PermissionDenied(
            _("Only the HR bureau responsible for this plan issues its certificates.")
        )
    if filing.status != Filing.Status.APPROVED:
        raise ValidationError(_("Certificates are issued only for an approved filing."))
    return enqueue_certificate_issue(filing)


@dataclass(frozen=True)
class ChunkResult:
    issued: int
    rendered: int
    failed: int


def issue_certificate_chunk(filing_id: int, declaration_ids) -> ChunkResult:
    """Issue the missing certificates of these declarations of an approved filing, then
    render the missing PDFs. Safe to run again at any point."""
    filing = Filing.objects.get(pk=filing_id)
    try:
        issued = issue_certificate_records(filing, declaration_ids)
    except (DatabaseError, ValidationError):
        raise  # the task retries the first; the second refuses a filing that is not approved
    except Exception as error:  # noqa: BLE001 - recorded, so the batch's page shows it
        logger.exception("Issuing a chunk of filing %s failed", filing.pk)
        _record_chunk_failure(filing, declaration_ids, str(error) or error.__class__.__name__)
        issued = []
    waiting = Certificate.objects.filter(
        filing=filing, declaration_id__in=list(declaration_ids), pdf=""
    ).order_by("sequence")
    rendered, _render_failures = render_certificate_pdfs(waiting)
    failed = IssueFailure.objects.filter(filing=filing, declaration_id__in=list(declaration_ids))
    return ChunkResult(issued=len(issued), rendered=rendered, failed=failed.count())


def _record_chunk_failure(filing: Filing, declaration_ids, message: str) -> None:
    """Every declaration of the chunk still without a certificate failed at the issue
    step: the bureau sees them on the batch's page and can retry them."""
    issued = set(
        Certificate.objects.filter(
            filing=filing, declaration_id__in=list(declaration_ids)
        ).values_list("declaration_id", flat=True)
    )
    with transaction.atomic():
        for declaration_id in declaration_ids:
            if declaration_id not in issued:
                IssueFailure.objects.update_or_create(
                    filing=filing,
                    declaration_id=declaration_id,
                    defaults={"stage": IssueFailure.Stage.ISSUE, "message": message[:2000]},
                )


def gender_of(user) -> str:
    """From the resident ID's 17th digit (odd: male); unknown for other documents."""
    number = user.id_number or ""
    if user.id_type == IdType.RESIDENT_ID and len(number) == 18 and number[16].isdigit():
        return "男" if int(number[16]) % 2 else "女"
    return ""


def new_certificate(declaration, *, filing, code, year, sequence, issued_on, photos) -> Certificate:
    """The signed, unsaved certificate of a filed declaration under the given number."""
    applicant = declaration.applicant
    title = declaration.title
    certificate = Certificate(
        number=format_number(code, year, title.series.code, sequence),
        authority_code=code,
        year=year,
        sequence=sequence,
        declaration=declaration,
        filing=filing,
        holder=applicant,
        issuing_authority=filing.issuing_authority,
        holder_name=applicant.real_name,
        gender=gender_of(applicant),
        id_type=applicant.id_type,
        id_number=applicant.id_number,
        employer_name=declaration.employer.name,
        series_name=title.series.name_zh,
        specialty_name=declaration.specialty.name_zh,
        level=title.level,
        level_name=LEVEL_NAMES[title.level],
        qualification_name=title.name_zh,
        jury_name=filing.meeting.jury.name,
        approval_document_number=filing.document_number,
        approval_date=filing.document_date,
        issuing_authority_name=filing.issuing_authority.name,
        issued_on=issued_on,
        photo=photos.get(applicant.pk, ""),
    )
    certificate.signature, certificate.signing_key_id = sign(canonical_data(certificate))
    return certificate


def issue_certificate_records(filing: Filing, declaration_ids) -> list[Certificate]:
    """The numbering step: in one transaction, certify each declaration of the filing that
    has no certificate yet, take consecutive numbers and store the signed certificates. A
    declaration the workflow refuses (e.g. not filed) is recorded as a failure and gets
    neither a certificate nor a number."""
    with transaction.atomic():
        filing = Filing.objects.select_related("issuing_authority", "meeting__jury").get(
            pk=filing.pk
        )
        if filing.status != Filing.Status.APPROVED:
            raise ValidationError(_("Certificates are issued only for an approved filing."))
        entries = FilingEntry.objects.filter(
            filing=filing, declaration_id__in=list(declaration_ids)
        )
        # Locked in one order by every chunk, so concurrent chunks queue instead of deadlocking.
        locked = list(
            Declaration.objects.select_for_update()
            .filter(pk__in=entries.values("declaration_id"))
            .order_by("pk")
        )
        have = set(
            Certificate.objects.filter(declaration__in=locked).values_list(
                "declaration_id", flat=True
            )
        )
        certified, failures = [], {}
        for declaration in locked:
            if declaration.pk in have:
                continue
            try:
                # perform_transition's own savepoint undoes a refused move: no second one here.
                perform_transition(declaration, "certify", actor=None)
            except (ValidationError, PermissionDenied) as error:
                failures[declaration.pk] = " ".join(getattr(error, "messages", [str(error)]))
                continue
            certified.append(declaration.pk)
        declarations = list(
            Declaration.objects.filter(pk__in=certified)
            .select_related("applicant", "employer", "title__series", "specialty")
            .order_by("pk")
        )
        photos = dict(
            HolderPhoto.objects.filter(
                person_id__in=[d.applicant_id for d in declarations]
            ).values_list("person_id", "image")
        )
        code = authority_code_for(filing.issuing_authority)
        year = filing.document_date.year
        issued_on = timezone.localdate()
        # Numbers last: the counter row stays locked only until this transaction commits.
        sequences = allocate_sequences(code, year, len(declarations))
        certificates = [
            new_certificate(
                declaration,
                filing=filing,
                code=code,
                year=year,
                sequence=sequence,
                issued_on=issued_on,
                photos=photos,
            )
            for declaration, sequence in zip(declarations, sequences, strict=True)
        ]
        Certificate.objects.bulk_create(certificates)
        CertificateIssue.objects.bulk_create(
            CertificateIssue(
                certificate=certificate, kind=CertificateIssue.Kind.ISSUE, issued_on=issued_on
            )
            for certificate in certificates
        )
        IssueFailure.objects.filter(filing=filing, declaration_id__in=certified).delete()
        for declaration_id, message in failures.items():
            IssueFailure.objects.update_or_create(
                filing=filing,
                declaration_id=declaration_id,
                defaults={"stage": IssueFailure.Stage.ISSUE, "message": message},
            )
    return certificates


def _pdf_name(certificate: Certificate) -> str:
    return f"certificates/{certificate.year}/{certificate.number}.pdf"


def _store_pdf(certificate: Certificate, content: bytes) -> None:
    storage = certificate.pdf.storage
    name = _pdf_name(certificate)
    # A rerun overwrites the file of an earlier, unfinished attempt under the same name.
    if storage.exists(name):
        storage.delete(name)
    certificate.pdf.name = storage.save(name, ContentFile(content))
    certificate.pdf_size = len(content)


def render_certificate_pdfs(certificates) -> tuple[int, int]:
    """The rendering step: render the certificates' PDFs as one document, store one file
    each. When the batch fails, each certificate is tried alone and the ones that still
    fail are recorded. Returns (rendered, failed)."""
    from certificates import rendering  # WeasyPrint loads only where PDFs are made

    certificates = list(certificates)
    if not certificates:
        return 0, 0
    failures = {}
    try:
        rendered = list(zip(certificates, rendering.render_pdfs(certificates), strict=True))
    except Exception:  # noqa: BLE001 - any failure: find the certificate that causes it
        logger.exception("Rendering %d certificates together failed", len(certificates))
        rendered = []
        for certificate in certificates:
            try:
                rendered.append((certificate, rendering.render_pdf(certificate)))
            except Exception as error:  # noqa: BLE001 - recorded for the bureau to retry
                logger.exception("Rendering certificate %s failed", certificate.number)
                failures[certificate] = str(error) or error.__class__.__name__
    for certificate, content in rendered:
        _store_pdf(certificate, content)
    with transaction.atomic():
        Certificate.objects.bulk_update([c for c, _content in rendered], ["pdf", "pdf_size"])
        IssueFailure.objects.filter(
            declaration_id__in=[c.declaration_id for c, _content in rendered],
            filing_id__in={c.filing_id for c, _content in rendered},
        ).delete()
        for certificate, message in failures.items():
            IssueFailure.objects.update_or_create(
                filing_id=certificate.filing_id,
                declaration_id=certificate.declaration_id,
                defaults={"stage": IssueFailure.Stage.RENDER, "message": message[:2000]},
            )
    return len(rendered), len(failures)


def render_certificate_pdf(certificate_id: int) -> bool:
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return False
    rendered, _failed = render_certificate_pdfs([certificate])
    return bool(rendered)


# --- after issue --------------------------------------------------------------------------


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
    reason = _reason(reason)
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

    reason = _reason(reason)
    certificate = _locked_certificate(certificate)
    membership = _managing_bureau(certificate, actor)
    if certificate.is_revoked:
        raise ValidationError(_("A revoked certificate cannot be reissued."))
    certificate.issued_on = timezone.localdate()
    certificate.signature, certificate.signing_key_id = sign(canonical_data(certificate))
    photo = HolderPhoto.objects.filter(person_id=certificate.holder_id).first()
    if photo is not None:
        certificate.photo = photo.image.name
    certificate.pdf = ""
    certificate.pdf_size = None
    certificate.save(
        update_fields=["issued_on", "signature", "signing_key_id", "photo", "pdf", "pdf_size"]
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
    render_certificate.delay_on_commit(certificate.pk)
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


# --- verification -------------------------------------------------------------------------


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
