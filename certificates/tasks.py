"""The certificate batch on Celery: one task per chunk of a filing's declarations. Tasks are
acknowledged only when done, so a worker killed half way leaves its chunk to be delivered
again; running a chunk twice is harmless (certificates/services/issuing.py). A chunk whose
worker keeps dying is given up and its declarations shown as failed, to retry."""

from celery import shared_task
from django.db import DatabaseError

from certificates import services
from certificates.services.issuing import give_up_chunk
from core.background import RETRY_ON_DATABASE_OUTAGE, restarts_stalled_work

# Any database error, not only an outage: a clash over a certificate number is retried too.
RETRY_ON_DATABASE_ERROR = {**RETRY_ON_DATABASE_OUTAGE, "autoretry_for": (DatabaseError,)}


@shared_task(gave_up=give_up_chunk, **RETRY_ON_DATABASE_ERROR)
def issue_certificate_chunk(filing_id: int, declaration_ids: list[int]) -> dict:
    result = services.issue_certificate_chunk(filing_id, declaration_ids)
    return {"issued": result.issued, "rendered": result.rendered, "failed": result.failed}


@shared_task(**RETRY_ON_DATABASE_OUTAGE)
def queue_certificate_chunks(filing_id: int, size: int | None = None) -> int:
    return services.issuing.queue_certificate_chunks(filing_id, size)


@shared_task(**RETRY_ON_DATABASE_ERROR)
def render_certificate(certificate_id: int) -> bool:
    return services.render_certificate_pdf(certificate_id)


restarts_stalled_work(services.issuing.restart_stalled_batches)
