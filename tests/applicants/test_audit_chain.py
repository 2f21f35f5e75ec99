"""The audit chain: every move appends a record chained by SHA-256 to the one before, and
`manage.py verify_audit_chain` finds an edited or deleted record."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from applicants.models import Declaration
from audit.models import AuditRecord
from audit.services import append_audit_record, find_chain_break

S = Declaration.Status


@pytest.fixture
def chained(world):
    declaration = world.advance(world.create(), S.QUALIFIED)
    return declaration


def verify():
    # A CommandError makes `manage.py verify_audit_chain` print it and exit with status 1.
    call_command("verify_audit_chain")


def test_every_record_chains_to_the_previous_one_and_verifies(chained, capsys):
    records = list(AuditRecord.objects.filter(chain=f"plan:{chained.plan_id}"))
    assert [r.sequence for r in records] == list(range(1, len(records) + 1))
    for previous, record in zip(records, records[1:], strict=False):
        assert record.previous_hash == previous.hash
    verify()
    assert f"intact: {AuditRecord.objects.count()} records in" in capsys.readouterr().out


def test_an_edited_record_is_reported(chained):
    record = AuditRecord.objects.get(declaration=chained, action="recommend")
    AuditRecord.objects.filter(pk=record.pk).update(reason="改过的理由")
    where = f"#{record.sequence} of chain plan:{chained.plan_id}"
    with pytest.raises(CommandError, match=f"{where}: content altered"):
        verify()


def test_an_edited_actor_is_reported(chained, world):
    record = AuditRecord.objects.get(declaration=chained, action="qualify")
    AuditRecord.objects.filter(pk=record.pk).update(actor=world.bureau)
    assert find_chain_break().sequence == record.sequence


def test_a_deleted_record_is_reported(chained):
    record = AuditRecord.objects.get(declaration=chained, action="submit")
    AuditRecord.objects.filter(pk=record.pk).delete()
    where = f"#{record.sequence} of chain plan:{chained.plan_id}"
    with pytest.raises(CommandError, match=f"{where}: missing"):
        verify()


def test_deleting_the_newest_record_is_reported(chained):
    last = AuditRecord.objects.filter(declaration=chained).order_by("-sequence").first()
    AuditRecord.objects.filter(pk=last.pk).delete()
    assert find_chain_break().sequence == last.sequence


def test_a_forged_record_with_a_recomputed_hash_breaks_the_next_link(chained):
    from audit.services import record_hash

    record = AuditRecord.objects.get(declaration=chained, action="start_publicity")
    record.reason = "伪造"
    record.hash = record_hash(record)
    AuditRecord.objects.filter(pk=record.pk).update(reason=record.reason, hash=record.hash)
    assert find_chain_break().sequence == record.sequence + 1


def test_records_about_no_plan_join_the_general_chain(world):
    before = AuditRecord.objects.filter(chain="").count()
    ban = append_audit_record(
        action="bar_from_declaring",
        actor=world.bureau,
        role="hr_bureau",
        reason="伪造业绩",
        payload={"person": world.applicant.pk},
    )
    assert (ban.chain, ban.sequence) == ("", before + 1)
    assert find_chain_break() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_queue_on_the_chain_instead_of_forking_it(requires_postgres, demo):
    import threading

    from django.db import connection

    from applicants import services

    from .conftest import World

    world = World(demo)
    declarations = [
        world.create(applicant=applicant)
        for applicant in (world.applicant, world.hospital_applicant, world.school_applicant)
    ]
    start = threading.Barrier(len(declarations))
    errors = []

    def submit(declaration):
        try:
            start.wait()
            services.submit_declaration(declaration, actor=declaration.applicant, pledge=True)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(d,)) for d in declarations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert find_chain_break() is None
    assert AuditRecord.objects.filter(action="submit").count() == 3
