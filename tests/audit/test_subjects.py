"""A decision about something other than a declaration names its subject in the chain, and
the subject is covered by the record's hash; records written before subjects existed still
verify."""

import hashlib
import json
from datetime import UTC

from django.core.management import call_command

from audit.models import AuditRecord
from audit.selectors import records_about
from audit.services import append_audit_record, find_chain_break, record_hash


def test_a_record_names_its_subject_and_is_found_by_it(users):
    bureau = users["bureau"]
    organization = bureau.memberships.get().organization

    record = append_audit_record(
        action="approve_post_data",
        actor=bureau,
        role="hr_bureau",
        organization=organization,
        subject=organization,
        reason="核准",
    )

    assert (record.subject_type, record.subject_id) == (
        "accounts.organization",
        str(organization.pk),
    )
    assert list(records_about(organization)) == [record]
    assert find_chain_break() is None


def test_changing_the_subject_of_a_record_breaks_the_chain(users):
    organization = users["bureau"].memberships.get().organization
    record = append_audit_record(action="approve_post_data", role="hr_bureau", subject=organization)

    AuditRecord.objects.filter(pk=record.pk).update(subject_id="999999")

    assert find_chain_break().sequence == record.sequence


def test_removing_the_subject_of_a_record_breaks_the_chain(users):
    organization = users["bureau"].memberships.get().organization
    record = append_audit_record(action="approve_post_data", role="hr_bureau", subject=organization)

    AuditRecord.objects.filter(pk=record.pk).update(subject_type=None, subject_id=None)

    assert find_chain_break().sequence == record.sequence


def legacy_hash(record) -> str:
    """The hash as computed before records had subjects."""
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
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def test_a_record_without_a_subject_hashes_as_before_subjects_existed(users, capsys):
    record = append_audit_record(
        action="bar_from_declaring", actor=users["bureau"], role="hr_bureau", reason="伪造业绩"
    )
    record.refresh_from_db()

    assert record.subject_type is None
    assert record.hash == legacy_hash(record) == record_hash(record)
    call_command("verify_audit_chain")
    assert "Audit chain intact" in capsys.readouterr().out
