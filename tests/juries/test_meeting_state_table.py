"""The review meeting's state table: every move it does not allow from a state is refused
with the move's own message and changes nothing, the wrong person is refused whatever the
state, and the pages offer exactly the moves open to their reader."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditRecord
from juries.meeting_workflow import (
    MOVES,
    OFFICE,
    open_meeting_moves,
    perform_meeting_move,
    require_meeting_move,
)
from juries.models import ReviewMeeting

MS = ReviewMeeting.Status
ALLOWED = {(move.name, state) for move in MOVES for state in move.source}


def test_every_move_outside_the_table_is_refused_and_changes_nothing(world):
    meeting = world.meeting(declarations=[world.declaration()])
    refused = 0
    for state in MS.values:
        # Tests set the stage directly; product code never writes the status.
        ReviewMeeting.objects.filter(pk=meeting.pk).update(status=state)
        meeting.refresh_from_db()
        for move in MOVES:
            if (move.name, state) in ALLOWED or move.roles[0] != OFFICE:
                continue
            records = AuditRecord.objects.count()
            with pytest.raises(ValidationError) as refusal:
                perform_meeting_move(meeting, move.name, actor=world.office)
            assert refusal.value.messages == [str(move.refusal)]
            meeting.refresh_from_db()
            assert meeting.status == state
            assert AuditRecord.objects.count() == records
            refused += 1
    office_moves = [move for move in MOVES if move.roles[0] == OFFICE]
    assert refused == len(MS.values) * len(office_moves) - sum(
        len(move.source) for move in office_moves
    )


@pytest.mark.parametrize(
    ("state", "move", "who"),
    [
        (MS.DRAFT, "apply", "bureau"),
        (MS.APPLIED, "approve", "office"),
        (MS.APPLIED, "return", "applicant"),
        (MS.APPROVED, "draw", "bureau"),
        (MS.BALLOT_CLOSED, "confirm", "office"),
        (MS.CONFIRMED, "publish", "expert"),
    ],
)
def test_the_wrong_person_is_refused_before_the_state_is_looked_at(world, state, move, who):
    meeting = world.meeting(declarations=[world.declaration()])
    ReviewMeeting.objects.filter(pk=meeting.pk).update(status=state)
    meeting.refresh_from_db()

    with pytest.raises(PermissionDenied):
        require_meeting_move(meeting, move, world.users[who])
    assert open_meeting_moves(meeting, world.users[who]) == set()


def test_the_office_is_offered_the_next_step_of_its_meeting(world):
    meeting = world.meeting(declarations=[world.declaration()])
    assert open_meeting_moves(meeting, world.office) == {"edit_roster", "apply"}
    assert open_meeting_moves(meeting, world.bureau) == set()

    meeting = world.approved(declarations=[world.declaration()])
    assert open_meeting_moves(meeting, world.bureau) == set()
    assert open_meeting_moves(meeting, world.office) >= {"draw", "recuse"}
    assert "open_ballot" not in open_meeting_moves(meeting, world.office)  # not drawn yet

    meeting, _present = world.voting(declarations=[world.declaration()])
    assert open_meeting_moves(meeting, world.office) == {"close_ballot"}
    assert open_meeting_moves(meeting) >= {"vote", "close_ballot"}
