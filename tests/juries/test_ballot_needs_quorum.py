import pytest
from django.core.exceptions import ValidationError

from juries.models import Ballot, ReviewMeeting
from juries.services import common
from juries.services.review import open_ballot


def test_ballot_without_quorum_cannot_open(world):
    meeting = world.drawn()
    world.seated(meeting, attending=16)

    with pytest.raises(ValidationError, match="16 of the 25"):
        open_ballot(actor=world.office, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.status == ReviewMeeting.Status.APPROVED
    assert not Ballot.objects.filter(meeting=meeting).exists()


def test_ballot_opens_with_seventeen_of_twenty_five(world):
    meeting = world.drawn()
    world.seated(meeting, attending=17)

    ballot = open_ballot(actor=world.office, meeting=meeting)

    assert (ballot.attending, ballot.seated) == (17, 25)


def test_ballot_cannot_open_before_the_meeting_day(world):
    meeting = world.drawn()
    world.seated(meeting)
    world.monkeypatch.setattr(common, "today", lambda: world.today)

    with pytest.raises(ValidationError, match="at the meeting"):
        open_ballot(actor=world.office, meeting=meeting)
