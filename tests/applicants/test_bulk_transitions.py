"""Moving many declarations at once (perform_transitions): one transaction, all or nothing,
a number of queries that does not grow with the number of declarations, an audit record
and messages for each declaration, and a chain that still verifies."""

from dataclasses import replace

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from applicants import workflow
from applicants.models import Declaration
from applicants.transition_rules import refusal_about
from applicants.workflow import TransitionRefused, perform_transition, perform_transitions
from audit.models import AuditRecord
from audit.services import find_chain_break
from fixtures.demo_certificates import PublicizedResults
from notifications.models import Notification

S = Declaration.Status


def recommended(world, count) -> list[Declaration]:
    """`count` declarations forwarded to the jury office (the stage is set directly: the
    moves before it are tested elsewhere)."""
    results = PublicizedResults(world.loaded)
    declarations = Declaration.objects.bulk_create(
        Declaration(
            applicant=person,
            employer=results.employer,
            plan=world.plan,
            title=world.senior,
            specialty=world.specialty,
            status=S.RECOMMENDED,
        )
        for person in results.people(count)
    )
    return list(Declaration.objects.filter(pk__in=[d.pk for d in declarations]).order_by("pk"))


def statuses(declarations) -> list[str]:
    return list(
        Declaration.objects.filter(pk__in=[d.pk for d in declarations])
        .order_by("pk")
        .values_list("status", flat=True)
    )


def queries_to_move(world, count) -> int:
    declarations = recommended(world, count)
    with CaptureQueriesContext(connection) as captured:
        perform_transitions(declarations, "start_check", actor=world.office)
    assert statuses(declarations) == [S.QUALIFICATION_CHECK] * count
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_declarations(world):
    queries_to_move(world, 1)  # the audit chain's head row is made by the first record
    few = queries_to_move(world, 2)
    many = queries_to_move(world, 25)
    assert many == few
    assert few <= 20


def test_each_declaration_gets_its_audit_record_and_the_chain_verifies(world):
    declarations = recommended(world, 4)
    first, *others = declarations
    before = AuditRecord.objects.count()

    perform_transitions(
        declarations,
        "start_check",
        actor=world.office,
        reason="批量受理",
        reasons={first.pk: "优先审核"},
    )

    records = list(AuditRecord.objects.order_by("pk")[before:])
    assert [record.declaration_id for record in records] == [d.pk for d in declarations]
    assert {record.reason for record in records if record.declaration_id == first.pk} == {
        "优先审核"
    }
    assert {record.reason for record in records if record.declaration_id != first.pk} == {
        "批量受理"
    }
    office_membership = world.office.memberships.get()
    for record in records:
        assert (record.action, record.from_state, record.to_state) == (
            "start_check",
            S.RECOMMENDED,
            S.QUALIFICATION_CHECK,
        )
        assert (record.actor, record.role, record.organization) == (
            world.office,
            office_membership.role,
            office_membership.organization,
        )
    assert find_chain_break() is None
    call_command("verify_audit_chain")


def test_each_applicant_gets_their_own_message(world):
    declarations = recommended(world, 3)
    perform_transitions(declarations, "start_check", actor=world.office)
    for declaration in declarations:
        [message] = Notification.objects.filter(recipient=declaration.applicant)
        assert message.url == f"/declarations/{declaration.pk}/"
        assert str(declaration.applicant) in message.body
    # Nobody is told of their own move.
    assert not Notification.objects.filter(recipient=world.office).exists()


def test_one_declaration_in_the_wrong_state_refuses_all_and_names_it(world):
    declarations = recommended(world, 3)
    stray = declarations[1]
    Declaration.objects.filter(pk=stray.pk).update(status=S.DRAFT)
    audit, messages = AuditRecord.objects.count(), Notification.objects.count()

    with pytest.raises(TransitionRefused) as refusal:
        perform_transitions(declarations, "start_check", actor=world.office)

    assert str(stray.applicant) in refusal.value.messages[0]
    assert statuses(declarations) == [S.RECOMMENDED, S.DRAFT, S.RECOMMENDED]
    assert (AuditRecord.objects.count(), Notification.objects.count()) == (audit, messages)


def test_one_declaration_the_actor_may_not_move_refuses_all_and_names_it(world):
    from accounts.services import grant_role

    declarations = recommended(world, 2)
    grant_role(
        actor=None,
        user=world.office,
        organization=world.applicant.memberships.get().organization,
        role="applicant",
    )
    own = world.create(applicant=world.office, materials=False)
    Declaration.objects.filter(pk=own.pk).update(status=S.RECOMMENDED)
    audit = AuditRecord.objects.count()

    with pytest.raises(PermissionDenied) as refusal:
        perform_transitions([*declarations, own], "start_check", actor=world.office)

    assert str(own) in str(refusal.value)
    assert statuses([*declarations, own]) == [S.RECOMMENDED] * 3
    assert AuditRecord.objects.count() == audit


def test_a_missing_reason_refuses_all(world):
    declarations = recommended(world, 2)
    with pytest.raises(ValidationError, match="Give the reason"):
        perform_transitions(
            declarations, "reject", actor=world.office, reasons={declarations[0].pk: "不符"}
        )
    assert statuses(declarations) == [S.RECOMMENDED] * 2


def test_a_guard_for_one_declaration_at_a_time_is_not_run_for_many(world):
    declarations = recommended(world, 2)
    with pytest.raises(ImproperlyConfigured):
        perform_transitions(declarations, "qualify", actor=world.office)
    assert statuses(declarations) == [S.RECOMMENDED] * 2


def test_a_registered_effect_runs_once_for_all_in_its_bulk_form(world, monkeypatch):
    seen = []

    def one(declaration, transition, actor):
        raise AssertionError("the bulk form runs instead")

    def bulk(moves, actor):
        seen.append(sorted(declaration.pk for declaration, _move in moves))

    monkeypatch.setitem(workflow._EFFECTS, "start_check", [one])
    monkeypatch.setitem(workflow._BULK_EFFECTS, one, bulk)
    declarations = recommended(world, 3)

    perform_transitions(declarations, "start_check", actor=world.office)

    assert seen == [[d.pk for d in declarations]]


def test_an_effect_without_a_bulk_form_moves_one_but_refuses_many(world, monkeypatch):
    moved = []
    monkeypatch.setitem(
        workflow._EFFECTS, "start_check", [lambda d, transition, actor: moved.append(d.pk)]
    )
    declarations = recommended(world, 2)

    with pytest.raises(ImproperlyConfigured):
        perform_transitions(declarations, "start_check", actor=world.office)
    perform_transition(declarations[0], "start_check", actor=world.office)

    assert moved == [declarations[0].pk]
    assert statuses(declarations) == [S.QUALIFICATION_CHECK, S.RECOMMENDED]


def test_the_objects_passed_in_are_brought_up_to_date(world):
    declarations = recommended(world, 2)
    moved = perform_transitions(declarations, "start_check", actor=world.office)
    assert [d.status for d in declarations] == [S.QUALIFICATION_CHECK] * 2
    assert [d.pk for d in moved] == [d.pk for d in declarations]
    assert perform_transitions([], "start_check", actor=world.office) == []


def test_the_messages_are_e_mailed_after_commit_by_one_task(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    declarations = recommended(world, 4)
    User.objects.filter(pk__in=[d.applicant_id for d in declarations]).update(
        email="holder@demo.example"
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        perform_transitions(declarations, "start_check", actor=world.office)
        assert mailoutbox == []  # nothing leaves before the move commits
    assert len(callbacks) == 1
    applicants_mail = [m for m in mailoutbox if m.to == ["holder@demo.example"]]
    assert len(applicants_mail) == 4


def test_a_set_based_guard_sees_all_the_moves_and_its_refusal_names_the_declaration(
    world, monkeypatch
):
    declarations = recommended(world, 3)
    blocked = declarations[2]
    seen = []

    def only_two(moves, actor):
        seen.append(len(moves))
        for declaration, _move in moves:
            if declaration.pk == blocked.pk:
                raise refusal_about(declaration, ValidationError("材料存疑"))

    table = tuple(
        replace(t, bulk_guard=only_two) if t.name == "start_check" else t
        for t in workflow.TRANSITIONS
    )
    monkeypatch.setattr(workflow, "TRANSITIONS", table)

    with pytest.raises(ValidationError) as refusal:
        perform_transitions(declarations, "start_check", actor=world.office)

    assert seen == [3]
    assert refusal.value.messages == [f"{blocked}: 材料存疑"]
    assert statuses(declarations) == [S.RECOMMENDED] * 3
