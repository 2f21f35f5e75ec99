"""The batch issue: one task per chunk of an approved filing's declarations certifies them,
numbers and signs their certificates, then renders the PDFs.

The batch is idempotent by construction: a declaration has at most one certificate (a
unique key), each chunk first skips the declarations that already have theirs, and numbers
are taken inside the chunk's transaction (certificates/numbering.py). Running a chunk again,
after a crash or a Celery retry, issues what is missing and renders the PDFs still missing,
nothing else."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import IdType
from applicants.models import Declaration
from applicants.workflow import find_transition, perform_transitions
from certificates import selectors
from certificates.models import (
    Certificate,
    CertificateIssue,
    Filing,
    FilingEntry,
    HolderPhoto,
    IssueFailure,
)
from certificates.numbering import allocate_sequences, authority_code_for, format_number
from certificates.pdf_signature import sign_pdf
from certificates.permissions import bureau_membership
from certificates.signing import sign_certificate
from core.outbox import send_on_commit
from notifications.services import emails_as_digest

logger = logging.getLogger(__name__)

# The level names printed on certificates. Fixed Chinese text, not interface strings: they
# are part of the signed data.
LEVEL_NAMES = {1: "员级", 2: "助理级", 3: "中级", 4: "副高级", 5: "正高级"}


def start_certificate_issue(filing: Filing) -> None:
    """Once the transaction commits, one task queues the filing's chunks in the background
    (`queue_certificate_chunks`), so that approving a filing of 50,000 takes its request no
    longer than approving one of ten."""
    from certificates.tasks import queue_certificate_chunks

    # The chunks' size as configured where the filing was approved.
    send_on_commit(queue_certificate_chunks, filing.pk, settings.CERTIFICATE_ISSUE_CHUNK_SIZE)


def queue_certificate_chunks(filing_id: int, size: int | None = None) -> int:
    """The chunks of an approved filing, queued once: a second delivery of the task finds
    them queued and adds none (a stalled batch is restarted by `restart_stalled_batches`)."""
    from certificates.tasks import issue_certificate_chunk
    from core.background import last_sent

    filing = Filing.objects.filter(pk=filing_id, status=Filing.Status.APPROVED).first()
    if filing is None or last_sent(issue_certificate_chunk, filing.pk) is not None:
        return 0
    with transaction.atomic():
        return enqueue_certificate_issue(filing, size=size)


def enqueue_certificate_issue(filing: Filing, *, size: int | None = None) -> int:
    """Queue one task per chunk of the filing's declarations still missing a certificate or
    its PDF, once the current transaction commits. Returns how many were queued."""
    from certificates.tasks import issue_certificate_chunk

    pending = selectors.pending_declaration_ids(filing)
    size = max(size or settings.CERTIFICATE_ISSUE_CHUNK_SIZE, 1)
    for start in range(0, len(pending), size):
        send_on_commit(issue_certificate_chunk, filing.pk, pending[start : start + size])
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
    # Filed, then certified: each applicant is e-mailed once for both.
    with emails_as_digest():
        try:
            file_declarations(filing, declaration_ids)
        except (ValidationError, PermissionDenied):
            # Those not filed are recorded as failures by the numbering step below.
            logger.warning("Filing %s: a chunk's declarations could not be filed", filing.pk)
        try:
            issued = issue_certificate_records(filing, declaration_ids)
        except (DatabaseError, ValidationError):
            raise  # the task retries the first; the second refuses a filing not approved
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


def restart_stalled_batches(stalled_before) -> int:
    """Approved filings with declarations still waiting for their certificate, no failure
    recorded (those wait for the bureau's retry), and no chunk sent or certificate made since
    `stalled_before`: their chunks are sent again (running a chunk twice is harmless)."""
    from certificates.tasks import issue_certificate_chunk
    from core.background import last_sent

    restarted = 0
    candidates = (
        Filing.objects.filter(issue_started_at__lt=stalled_before)
        .exclude(failures__isnull=False)
        .exclude(certificates__created_at__gte=stalled_before)
        .order_by("pk")
    )
    for filing in candidates[:100]:
        if not selectors.pending_declaration_ids(filing):
            continue
        sent = last_sent(issue_certificate_chunk, filing.pk)
        if sent is not None and sent >= stalled_before:
            continue
        with transaction.atomic():
            enqueue_certificate_issue(filing)
        restarted += 1
    return restarted


def give_up_chunk(filing_id: int, declaration_ids, *, reason: str) -> None:
    """The chunk's task was given up (core/background.py): its declarations show as failed
    on the batch's page, where the bureau can retry them."""
    filing = Filing.objects.filter(pk=filing_id).first()
    if filing is not None:
        _record_chunk_failure(filing, declaration_ids, reason)


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
    sign_certificate(certificate)
    return certificate


def file_declarations(filing: Filing, declaration_ids) -> int:
    """The approval's move for the chunk: the declarations still in result publicity are
    filed, by the bureau member who approved, with the approval document as the reason.
    Those filed already (a chunk run again) are left as they are."""
    from certificates.services.filing import approval_reason

    if filing.status != Filing.Status.APPROVED:
        return 0  # the numbering step refuses it and says why
    waiting = list(
        Declaration.objects.filter(
            pk__in=list(declaration_ids),
            filing_entries__filing=filing,
            status=Declaration.Status.IN_RESULT_PUBLICITY,
        ).order_by("pk")
    )
    if waiting:
        perform_transitions(
            waiting, "file", actor=filing.decided_by, reason=approval_reason(filing)
        )
    return len(waiting)


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
        certifiable, failures = [], {}
        for declaration in locked:
            if declaration.pk in have:
                continue
            # A declaration the table cannot certify from its state is recorded, not moved,
            # so that the others are certified in one move.
            try:
                find_transition("certify", declaration.status)
            except ValidationError as error:
                failures[declaration.pk] = " ".join(error.messages)
                continue
            certifiable.append(declaration)
        # As saved, with the applicant, employer, title and specialty the certificate prints.
        declarations = perform_transitions(certifiable, "certify", actor=None)
        certified = [declaration.pk for declaration in declarations]
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


def _signed(rendered, failures: dict) -> list:
    """Each rendered PDF with the authority's signature inside (certificates/pdf_signature.py);
    one that cannot be signed is recorded as failed and stored nowhere."""
    signed = []
    for certificate, content in rendered:
        try:
            signed.append((certificate, sign_pdf(content, number=certificate.number)))
        except Exception as error:  # noqa: BLE001 - recorded for the bureau to retry
            logger.exception("Signing the PDF of certificate %s failed", certificate.number)
            failures[certificate] = str(error) or error.__class__.__name__
    return signed


def render_certificate_pdfs(certificates) -> tuple[int, int]:
    """The rendering step: render the certificates' PDFs as one document, sign each and store
    one file each. When the batch fails, each certificate is tried alone and the ones that
    still fail are recorded. Returns (rendered, failed)."""
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
    rendered = _signed(rendered, failures)
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
