"""The append-only audit chain (谁推荐、谁审核、谁负责). Every record carries the SHA-256 of its
own content and of the previous record, so editing or deleting any past record is detected
by `manage.py verify_audit_chain`.

One chain per evaluation plan, so a filing in one plan never waits for a decision in another:
a record about a declaration, or about anything that belongs to a plan (a meeting, a filing,
an objection to a result), goes to the plan's chain; everything else to the general chain "".
Appends queue on their chain's head row only.

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
GENERAL_CHAIN = ""


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
    # The general chain hashes as the one chain did before chains were split.
    if record.chain:
        content["chain"] = record.chain
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def subject_key(subject: models.Model) -> tuple[str, str]:
    """("app_label.model", "pk") naming any saved object as an audit subject."""
    return subject._meta.label_lower, str(subject.pk)


def _plain_json(payload) -> dict:
    """Dates, decimals and lazy strings become what the database hands back, so the hash
    computed now matches the one recomputed from the stored row."""
    return json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder))


def plan_chain(plan_id) -> str:
    return f"plan:{plan_id}"


def chain_for(*, declaration=None, subject: models.Model | None = None) -> str:
    """The chain a decision belongs to: the plan's of its declaration, or of its subject found
    through the subject's `plan_id`, `declaration` or `meeting`; otherwise the general chain."""
    owners = (
        declaration,
        subject,
        getattr(subject, "declaration", None),
        getattr(subject, "meeting", None),
    )
    for owner in owners:
        plan_id = getattr(owner, "plan_id", None)
        if plan_id is not None:
            return plan_chain(plan_id)
    return GENERAL_CHAIN


def _locked_heads(chains) -> dict[str, AuditChainHead]:
    """Lock the heads of `chains`, creating those never written to. Heads are always locked in
    the order of their names, so two writers that touch the same chains cannot deadlock."""
    chains = sorted(set(chains))
    heads = {
        head.chain: head
        for head in AuditChainHead.objects.select_for_update()
        .filter(chain__in=chains)
        .order_by("chain")
    }
    missing = [chain for chain in chains if chain not in heads]
    if missing:
        # A chain's first record: its head is created once, so the usual append costs one query.
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain=c, last_sequence=0, last_hash=GENESIS_HASH) for c in missing],
            ignore_conflicts=True,
        )
        heads.update(
            (head.chain, head)
            for head in AuditChainHead.objects.select_for_update()
            .filter(chain__in=missing)
            .order_by("chain")
        )
    return heads


def _chained(head: AuditChainHead, record: AuditRecord) -> AuditRecord:
    """Give `record` the next place in its chain and move the (unsaved) head past it."""
    record.chain = head.chain
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
    chain = chain_for(declaration=declaration, subject=subject)
    head = _locked_heads([chain])[chain]
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
    pending = []
    for fields in records:
        fields = dict(fields)
        subject = fields.pop("subject", None)
        subject_type, subject_id = subject_key(subject) if subject is not None else (None, None)
        chain = chain_for(declaration=fields.get("declaration"), subject=subject)
        pending.append(
            (chain, AuditRecord(subject_type=subject_type, subject_id=subject_id, **fields))
        )
    heads = _locked_heads(chain for chain, _record in pending)
    chained = [_chained(heads[chain], record) for chain, record in pending]
    AuditRecord.objects.bulk_create(chained, batch_size=1000)
    for head in heads.values():
        head.save(update_fields=["last_sequence", "last_hash"])
    return chained


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    sequence: int
    problem: str

    def __str__(self):
        where = f"record #{self.sequence}"
        if self.chain:
            where += f" of chain {self.chain}"
        return f"{where}: {self.problem}"


def find_chain_break() -> ChainBreak | None:
    """The first place where a stored chain disagrees with itself or with its head, or None.
    Every chain is walked from its first record; a chain with records but no head, or a head
    whose chain lost records, is a break too."""
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    walked = set()
    chain, expected_sequence, previous_hash = None, 1, GENESIS_HASH
    records = AuditRecord.objects.order_by("chain", "sequence").iterator(chunk_size=2000)
    for record in records:
        if record.chain != chain:
            if chain is not None and (
                broken := _head_disagrees(heads, chain, expected_sequence - 1, previous_hash)
            ):
                return broken
            chain, expected_sequence, previous_hash = record.chain, 1, GENESIS_HASH
            walked.add(chain)
        if record.sequence != expected_sequence:
            return ChainBreak(chain, expected_sequence, "missing (deleted)")
        if record.previous_hash != previous_hash:
            return ChainBreak(chain, record.sequence, "does not follow the previous record")
        if record_hash(record) != record.hash:
            return ChainBreak(chain, record.sequence, "content altered (hash mismatch)")
        previous_hash = record.hash
        expected_sequence += 1
    if chain is not None and (
        broken := _head_disagrees(heads, chain, expected_sequence - 1, previous_hash)
    ):
        return broken
    for head in sorted(heads.values(), key=lambda head: head.chain):
        if head.chain not in walked and head.last_sequence:
            return ChainBreak(head.chain, 1, "missing (deleted)")
    return None


def _head_disagrees(heads, chain, last_sequence, last_hash) -> ChainBreak | None:
    head = heads.get(chain)
    if head is None:
        return ChainBreak(chain, last_sequence, "chain head is missing")
    if (head.last_sequence, head.last_hash) == (last_sequence, last_hash):
        return None
    if head.last_sequence > last_sequence:
        return ChainBreak(chain, last_sequence + 1, "missing (deleted)")
    return ChainBreak(chain, last_sequence, "chain head disagrees with the last record")
