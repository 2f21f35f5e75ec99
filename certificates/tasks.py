"""The certificate batch on Celery: one task per chunk of a filing's declarations. Tasks are
acknowledged only when done, so a worker killed half way leaves its chunk to be delivered
again; running a chunk twice is harmless (certificates/services/issuing.py)."""

from celery import shared_task
from django.db import DatabaseError

from certificates import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def issue_certificate_chunk(filing_id: int, declaration_ids: list[int]) -> dict:
    result = services.issue_certificate_chunk(filing_id, declaration_ids)
    return {"issued": result.issued, "rendered": result.rendered, "failed": result.failed}


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def render_certificate(certificate_id: int) -> bool:
    return services.render_certificate_pdf(certificate_id)
