"""One audit chain per evaluation plan: a plan's decisions chain among themselves from their
own first record, other decisions go to the general chain, a decision in one plan never
waits for another plan's open transaction, and `verify_audit_chain` walks every chain."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, transaction

from applicants.models import Declaration, Material
from audit.models import AuditChainHead, AuditRecord
from audit.services import (
    GENESIS_HASH,
    append_audit_record,
    append_audit_records,
    find_chain_break,
)
from tests.factories import DeclarationFactory, PlanFactory

S = Declaration.Status


def second_plan(world):
    return PlanFactory(
        jury=world.plan.jury,
        organizer=world.plan.organizer,
        series=world.plan.series,
        titles=[world.senior],
    )


def declaration_in(plan, world):
    return DeclarationFactory(
        plan=plan,
        employer=world.hospital_applicant.memberships.get().organization,
        applicant=world.hospital_applicant,
    )


def note(declaration, reason="说明", **fields):
    return append_audit_record(
        action="note", role="jury_office", declaration=declaration, reason=reason, **fields
    )


@pytest.fixture
def two_plans(world):
    first = world.advance(world.create(), S.SUBMITTED)
    other = declaration_in(second_plan(world), world)
    return first, other


def test_a_plans_decisions_chain_among_themselves_from_their_own_first_record(two_plans):
    first, other = two_plans
    one, two = note(other), note(other)

    assert (one.chain, one.sequence, one.previous_hash) == (
        f"plan:{other.plan_id}",
        1,
        GENESIS_HASH,
    )
    assert (two.chain, two.sequence, two.previous_hash) == (one.chain, 2, one.hash)
    moves = list(AuditRecord.objects.filter(declaration=first))
    assert {record.chain for record in moves} == {f"plan:{first.plan_id}"}
    assert [record.sequence for record in moves] == list(range(1, len(moves) + 1))
    assert find_chain_break() is None


def test_a_decision_about_something_of_a_declaration_joins_its_plans_chain(two_plans):
    _first, other = two_plans
    material = Material.objects.create(
        declaration=other,
        material_type="diploma",
        source=Material.Source.APPLICANT,
        file="x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=other.applicant,
    )

    record = append_audit_record(action="note", role="jury_office", subject=material)

    assert record.chain == f"plan:{other.plan_id}"


def test_a_decision_about_no_plan_joins_the_general_chain(two_plans, world):
    before = AuditRecord.objects.filter(chain="").count()

    ban = append_audit_record(
        action="bar_from_declaring", role="hr_bureau", payload={"person": world.applicant.pk}
    )

    assert (ban.chain, ban.sequence) == ("", before + 1)


def test_many_decisions_across_plans_are_chained_in_their_plans_in_the_given_order(two_plans):
    first, other = two_plans
    last_of_first = AuditChainHead.objects.get(chain=f"plan:{first.plan_id}").last_sequence

    records = append_audit_records(
        [
            {"action": "note", "role": "jury_office", "declaration": first, "reason": "一"},
            {"action": "note", "role": "jury_office", "declaration": other, "reason": "二"},
            {"action": "note", "role": "jury_office", "declaration": first, "reason": "三"},
        ]
    )

    assert [(r.chain, r.sequence) for r in records] == [
        (f"plan:{first.plan_id}", last_of_first + 1),
        (f"plan:{other.plan_id}", 1),
        (f"plan:{first.plan_id}", last_of_first + 2),
    ]
    assert records[2].previous_hash == records[0].hash
    assert find_chain_break() is None


def test_an_edit_in_one_plans_chain_is_reported_with_that_chain(two_plans, capsys):
    _first, other = two_plans
    note(other)
    edited = note(other)
    note(other)
    call_command("verify_audit_chain")
    assert f"{AuditRecord.objects.count()} records in 2 chains" in capsys.readouterr().out

    AuditRecord.objects.filter(pk=edited.pk).update(reason="改过的理由")

    with pytest.raises(
        CommandError, match=f"record #2 of chain plan:{other.plan_id}: content altered"
    ):
        call_command("verify_audit_chain")


def test_deleting_every_record_of_a_plan_is_reported(two_plans):
    _first, other = two_plans
    note(other)
    note(other)

    AuditRecord.objects.filter(chain=f"plan:{other.plan_id}").delete()

    broken = find_chain_break()
    assert (broken.chain, broken.sequence, broken.problem) == (
        f"plan:{other.plan_id}",
        1,
        "missing (deleted)",
    )


def test_deleting_a_plans_newest_record_is_reported(two_plans):
    _first, other = two_plans
    note(other)
    newest = note(other)

    AuditRecord.objects.filter(pk=newest.pk).delete()

    broken = find_chain_break()
    assert (broken.chain, broken.sequence) == (newest.chain, newest.sequence)


def test_a_chain_whose_head_was_removed_is_reported(two_plans):
    _first, other = two_plans
    record = note(other)

    AuditChainHead.objects.filter(chain=record.chain).delete()

    assert find_chain_break().problem == "chain head is missing"


def test_a_record_moved_into_another_chain_is_reported(two_plans):
    first, other = two_plans
    record = note(other)

    AuditRecord.objects.filter(pk=record.pk).update(chain=f"plan:{first.plan_id}", sequence=999)

    assert find_chain_break() is not None


@pytest.mark.django_db(transaction=True)
def test_a_decision_in_one_plan_does_not_wait_for_another_plans_open_transaction(
    requires_postgres, demo
):
    from .conftest import World

    world = World(demo)
    busy = world.create()
    other = declaration_in(second_plan(world), world)
    holding, release = threading.Event(), threading.Event()
    errors = []

    def long_filing():
        try:
            with transaction.atomic():
                note(busy, reason="长事务")
                holding.set()
                release.wait(timeout=30)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=long_filing)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            unrelated = note(other, reason="另一个计划")
        with pytest.raises(OperationalError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            note(busy, reason="同一个计划")
    finally:
        release.set()
        thread.join()

    assert errors == []
    assert unrelated.sequence == 1
    assert AuditRecord.objects.filter(reason="同一个计划").count() == 0
    assert find_chain_break() is None
