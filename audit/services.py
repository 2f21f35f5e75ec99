"""The append-only audit chain (谁推荐、谁审核、谁负责). Every record carries the SHA-256 of its
own content and of the previous record, so editing or deleting any past record is detected
by `manage.py verify_audit_chain`. One global chain; appends queue on the chain-head row.

Every app records its decisions here: `append_audit_record` is the one writer."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditChainHead, AuditRecord

GENESIS_HASH = "0" * 64
CHAIN_HEAD_ID = 1


def record_hash(record: AuditRecord) -> str:
    content = {
        "sequence": record.sequence,
        "previous_hash": record.previous_hash,
        "created_at": record.created_at.astimezone(UTC).isoformat(),
        "declaration": record.declaration_id,
        "action": record.action,
        "actor": record.actor_id,
        "role": record.role,
        "organization": record.organization_id,
        "from_state": record.from_state,
        "to_state": record.to_state,
        "reason": record.reason,
        "payload": record.payload,
    }
    # Only records with a subject hash it, so records written before subjects existed
    # still verify.
    if record.subject_type:
        content["subject_type"] = record.subject_type
        content["subject_id"] = record.subject_id
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def subject_key(subject: models.Model) -> tuple[str, str]:
    """("app_label.model", "pk") naming any saved object as an audit subject."""
    return subject._meta.label_lower, str(subject.pk)


def _plain_json(payload) -> dict:
    """Dates, decimals and lazy strings become what the database hands back, so the hash
    computed now matches the one recomputed from the stored row."""
    return json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder))


def _locked_head() -> AuditChainHead:
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=CHAIN_HEAD_ID, defaults={"last_sequence": 0, "last_hash": GENESIS_HASH}
    )
    return head


def _chained(head: AuditChainHead, record: AuditRecord) -> AuditRecord:
    """Give `record` the next place in the chain and move the (unsaved) head past it."""
    record.sequence = head.last_sequence + 1
    record.previous_hash = head.last_hash
    record.created_at = timezone.now()
    record.payload = _plain_json(record.payload)
    record.hash = record_hash(record)
    head.last_sequence = record.sequence
    head.last_hash = record.hash
    return record


@transaction.atomic
def append_audit_record(
    *,
    action: str,
    actor=None,
    role: str = "",
    organization=None,
    declaration=None,
    subject: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    payload: dict | None = None,
) -> AuditRecord:
    """Append one decision to the chain. `declaration` names a declaration's move; `subject`
    names anything else the decision is about (a quota approval, a claim, a meeting)."""
    subject_type, subject_id = subject_key(subject) if subject is not None else (None, None)
    head = _locked_head()
    record = _chained(
        head,
        AuditRecord(
            declaration=declaration,
            subject_type=subject_type,
            subject_id=subject_id,
            action=action,
            actor=actor,
            role=role,
            organization=organization,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            payload=payload,
        ),
    )
    record.save(force_insert=True)
    head.save(update_fields=["last_sequence", "last_hash"])
    return record


@transaction.atomic
def append_audit_records(records: list[dict]) -> list[AuditRecord]:
    """Append many decisions in one insert, chained in the given order exactly as one
    `append_audit_record` each would chain them; each dict takes that function's keywords."""
    if not records:
        return []
    head = _locked_head()
    chained = []
    for fields in records:
        fields = dict(fields)
        subject = fields.pop("subject", None)
        subject_type, subject_id = subject_key(subject) if subject is not None else (None, None)
        record = AuditRecord(subject_type=subject_type, subject_id=subject_id, **fields)
        chained.append(_chained(head, record))
    AuditRecord.objects.bulk_create(chained, batch_size=1000)
    head.save(update_fields=["last_sequence", "last_hash"])
    return chained


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    problem: str

    def __str__(self):
        return f"record #{self.sequence}: {self.problem}"


def find_chain_break() -> ChainBreak | None:
    """The first place where the stored chain disagrees with itself, or None."""
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    for record in AuditRecord.objects.order_by("sequence").iterator(chunk_size=2000):
        if record.sequence != expected_sequence:
            return ChainBreak(expected_sequence, "missing (deleted)")
        if record.previous_hash != previous_hash:
            return ChainBreak(record.sequence, "does not follow the previous record")
        if record_hash(record) != record.hash:
            return ChainBreak(record.sequence, "content altered (hash mismatch)")
        previous_hash = record.hash
        expected_sequence += 1
    head = AuditChainHead.objects.filter(pk=CHAIN_HEAD_ID).first()
    last_sequence = expected_sequence - 1
    if head is not None and (head.last_sequence, head.last_hash) != (last_sequence, previous_hash):
        if head.last_sequence > last_sequence:
            return ChainBreak(last_sequence + 1, "missing (deleted)")
        return ChainBreak(last_sequence, "chain head disagrees with the last record")
    if head is None and last_sequence:
        return ChainBreak(last_sequence, "chain head is missing")
    return None
