"""Writes for filing and certificates, one module per subject: filing (the office submits a
meeting's publicized results, the HR bureau approves or returns them), issuing (the batch
that certifies, numbers, signs and renders), after_issue (revocation, reissue, the holder's
photo) and verification (public look-ups, each logged).

The services are named here too, so that pages, API, tasks and tests call
`certificates.services.approve_filing` without knowing which module holds it: the module
names would otherwise shadow the `filing` and `verification` every caller works with."""

from certificates.services.after_issue import (
    reissue_certificate,
    revoke_certificate,
    upload_holder_photo,
)
from certificates.services.filing import approve_filing, return_filing, submit_filing
from certificates.services.issuing import (
    LEVEL_NAMES,
    ChunkResult,
    enqueue_certificate_issue,
    file_declarations,
    gender_of,
    issue_certificate_chunk,
    issue_certificate_records,
    new_certificate,
    render_certificate_pdf,
    render_certificate_pdfs,
    retry_certificate_issue,
)
from certificates.services.verification import (
    PdfVerification,
    Verification,
    look_up_certificate,
    verify_certificate_pdf,
)

__all__ = [
    "LEVEL_NAMES",
    "ChunkResult",
    "PdfVerification",
    "Verification",
    "approve_filing",
    "enqueue_certificate_issue",
    "file_declarations",
    "gender_of",
    "issue_certificate_chunk",
    "issue_certificate_records",
    "look_up_certificate",
    "new_certificate",
    "reissue_certificate",
    "render_certificate_pdf",
    "render_certificate_pdfs",
    "retry_certificate_issue",
    "return_filing",
    "revoke_certificate",
    "submit_filing",
    "upload_holder_photo",
    "verify_certificate_pdf",
]
