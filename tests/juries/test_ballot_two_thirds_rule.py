import pytest

from applicants.models import Declaration
from juries.ballot import Tally, has_quorum, quorum_needed, yes_needed
from juries.models import Candidate
from juries.permissions import presiding_seat
from juries.selectors import tally_of
from juries.services.review import cast_votes, close_ballot, confirm_result


def vote(meeting, seats, candidate, choices):
    for seat, choice in zip(seats, choices, strict=True):
        cast_votes(actor=seat.expert.user, meeting=meeting, choices={candidate.pk: choice})


def test_17_yes_of_25_attending_passes_16_fails_and_abstentions_count_against(world):
    declarations = [world.declaration() for _ in range(3)]
    meeting, present = world.voting(declarations=declarations)
    first, second, third = meeting.candidates.order_by("pk")
    assert len(present) == 25

    vote(meeting, present, first, ["yes"] * 17 + ["no"] * 8)
    vote(meeting, present, second, ["yes"] * 16 + ["no"] * 9)
    vote(meeting, present, third, ["yes"] * 16 + ["abstain"] * 9)
    close_ballot(actor=world.office, meeting=meeting)
    chair = presiding_seat(meeting).expert.user
    confirm_result(actor=chair, meeting=meeting)

    first.refresh_from_db()
    assert (first.voters, first.votes_yes, first.votes_no) == (25, 17, 8)
    assert first.outcome == Candidate.Outcome.PASSED
    assert first.declaration.status == Declaration.Status.PASSED
    for failed in (second, third):
        failed.refresh_from_db()
        assert failed.outcome == Candidate.Outcome.FAILED
        assert failed.declaration.status == Declaration.Status.FAILED
    assert third.votes_abstain == 9


@pytest.mark.parametrize(
    ("voters", "yes", "abstain", "passed"),
    [
        (25, 17, 0, True),
        (25, 16, 9, False),
        (25, 16, 0, False),
        (24, 16, 8, True),
        (3, 2, 1, True),
        (3, 1, 0, False),
        (0, 0, 0, False),
    ],
)
def test_threshold_counts_only_yes_against_the_attending(voters, yes, abstain, passed):
    assert Tally(voters=voters, yes=yes, no=0, abstain=abstain).passed is passed


def test_quorum_is_two_thirds_of_the_panel():
    assert quorum_needed(25) == 17
    assert has_quorum(17, 25) and not has_quorum(16, 25)
    assert yes_needed(25) == 17 and yes_needed(24) == 16


def test_blank_papers_count_against(world):
    meeting, present = world.voting()
    candidate = meeting.candidates.get()
    vote(meeting, present[:16], candidate, ["yes"] * 16)  # nine experts never vote
    close_ballot(actor=world.office, meeting=meeting)

    candidate.refresh_from_db()
    assert candidate.votes_blank == 9
    assert not tally_of(candidate).passed
