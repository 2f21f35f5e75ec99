"""Every move the table does not allow from a state is refused with a clear message, and
refused moves change nothing: not the state, not the audit chain, not the messages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from applicants.models import Declaration
from applicants.workflow import (
    SYSTEM,
    TRANSITION_NAMES,
    TRANSITIONS,
    TransitionRefused,
    perform_transition,
)
from audit.models import AuditRecord
from notifications.models import Notification

S = Declaration.Status
ALLOWED = {(t.name, state) for t in TRANSITIONS for state in t.source}


def _snapshot(declaration):
    declaration.refresh_from_db()
    return (
        declaration.status,
        declaration.updated_at,
        AuditRecord.objects.count(),
        Notification.objects.count(),
    )


def test_every_move_outside_the_table_is_refused_and_changes_nothing(world):
    declaration = world.create()
    refused = 0
    for state in S.values:
        # Tests set the stage directly; product code never writes the status.
        Declaration.objects.filter(pk=declaration.pk).update(status=state)
        for name in TRANSITION_NAMES:
            if (name, state) in ALLOWED:
                continue
            before = _snapshot(declaration)
            with pytest.raises(TransitionRefused) as refusal:
                perform_transition(declaration, name, actor=world.office, reason="x")
            assert str(S(state).label) in refusal.value.messages[0]
            assert _snapshot(declaration) == before
            refused += 1
    assert refused == len(S.values) * len(TRANSITION_NAMES) - len(ALLOWED)


def test_an_unknown_action_is_refused(world):
    declaration = world.create()
    with pytest.raises(TransitionRefused, match="approve_everything"):
        perform_transition(declaration, "approve_everything", actor=world.applicant)


@pytest.mark.parametrize(
    ("stage", "action", "who"),
    [
        (S.DRAFT, "submit", "employer"),  # only the applicant submits
        (S.SUBMITTED, "start_publicity", "applicant"),
        (S.SUBMITTED, "start_publicity", "school_hr"),  # another unit's HR
        (S.RECOMMENDED, "qualify", "employer"),
        (S.RECOMMENDED, "qualify", "department"),
        (S.RECOMMENDED, "qualify", "bureau"),
        (S.CORRECTION_REQUESTED, "deem_withdrawn", "employer"),  # the scheduler or the office
        (S.QUALIFIED, "start_review", "bureau"),  # the office draws the panel
        (S.IN_REVIEW, "pass", "office"),  # only the presiding chair
        (S.IN_REVIEW, "fail", "expert"),  # an expert, but presiding over no meeting of it
        (S.PASSED, "start_result_publicity", "bureau"),  # the office publishes
        (S.IN_RESULT_PUBLICITY, "file", "office"),  # the bureau approves the filing
        (S.FILED, "certify", "bureau"),  # the batch issue, in the background
    ],
)
def test_the_wrong_person_is_refused_and_nothing_changes(world, stage, action, who):
    declaration = world.create()
    Declaration.objects.filter(pk=declaration.pk).update(status=stage)
    before = _snapshot(declaration)
    with pytest.raises(PermissionDenied) as refusal:
        perform_transition(declaration, action, actor=getattr(world, who), pledge=True)
    assert str(refusal.value)
    assert _snapshot(declaration) == before


def test_the_system_acts_alone_only_where_a_scheduled_task_moves():
    """A move a person makes names that person's role, so its audit record names them."""
    roles = {t.name: t.roles for t in TRANSITIONS if SYSTEM in t.roles}
    # The office records a missed correction deadline by hand once it has passed.
    assert roles == {"deem_withdrawn": (SYSTEM, Role.JURY_OFFICE), "certify": (SYSTEM,)}


def test_an_office_member_cannot_decide_on_their_own_declaration(world):
    from accounts.services import grant_role

    grant_role(
        actor=None,
        user=world.office,
        organization=world.applicant.memberships.get().organization,
        role="applicant",
    )
    own = world.create(applicant=world.office)
    Declaration.objects.filter(pk=own.pk).update(status=S.RECOMMENDED)
    with pytest.raises(PermissionDenied):
        perform_transition(own, "qualify", actor=world.office)


def test_a_refused_guard_leaves_nothing_behind(world):
    declaration = world.advance(world.create(), S.IN_UNIT_PUBLICITY)
    before = _snapshot(declaration)
    with pytest.raises(ValidationError, match="runs until"):
        perform_transition(declaration, "recommend", actor=world.employer, commitment=True)
    assert _snapshot(declaration) == before


def test_an_effect_that_refuses_cancels_the_whole_move(world, monkeypatch):
    from applicants import workflow

    def refuse(declaration, transition, actor):
        raise ValidationError("no places left")

    monkeypatch.setitem(workflow._EFFECTS, "start_publicity", [refuse])
    declaration = world.advance(world.create(), S.SUBMITTED)
    before = _snapshot(declaration)
    with pytest.raises(ValidationError, match="no places left"):
        perform_transition(declaration, "start_publicity", actor=world.employer)
    assert _snapshot(declaration) == before
    assert not declaration.publicities.exists()


def test_illegal_moves_answer_400_with_the_message_through_the_api(world, api):
    declaration = world.create()
    answer = api(world.applicant).post(
        f"/api/v1/declarations/{declaration.pk}/resubmit/", {"pledge": True}, format="json"
    )
    assert answer.status_code == 400
    assert "Draft" in str(answer.data) or "草稿" in str(answer.data)
    forbidden = api(world.applicant).post(f"/api/v1/declarations/{declaration.pk}/start-check/")
    assert forbidden.status_code == 400
    declaration.refresh_from_db()
    assert declaration.status == S.DRAFT
