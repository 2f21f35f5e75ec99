import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from juries.models import BallotParticipation, PanelSeat, Recusal, Vote
from juries.services.review import cast_votes, close_ballot


def test_an_expert_cannot_vote_twice_on_a_candidate(world):
    meeting, present = world.voting()
    candidate = meeting.candidates.get()
    expert = present[0].expert.user
    cast_votes(actor=expert, meeting=meeting, choices={candidate.pk: "yes"})

    with pytest.raises(ValidationError, match="already voted"):
        cast_votes(actor=expert, meeting=meeting, choices={candidate.pk: "no"})
    assert Vote.objects.filter(candidate=candidate).count() == 1


def test_no_vote_after_the_ballot_closes(world):
    meeting, present = world.voting()
    candidate = meeting.candidates.get()
    close_ballot(actor=world.office, meeting=meeting)

    with pytest.raises(ValidationError, match="not open"):
        cast_votes(actor=present[0].expert.user, meeting=meeting, choices={candidate.pk: "yes"})
    assert not Vote.objects.filter(candidate=candidate).exists()


def test_a_recused_expert_cannot_vote_on_that_candidate(world):
    declaration = world.declaration(employer=world.enterprise)
    meeting, present = world.voting(declarations=[declaration])
    candidate = meeting.candidates.get()
    recused = Recusal.objects.filter(candidate=candidate, expert__seats__in=present).first()
    assert recused is not None

    with pytest.raises(ValidationError, match="recused"):
        cast_votes(actor=recused.expert.user, meeting=meeting, choices={candidate.pk: "yes"})
    assert not BallotParticipation.objects.exists()


def test_absent_experts_and_outsiders_cannot_vote_no_proxies(world):
    meeting, present = world.voting(attending=20)
    candidate = meeting.candidates.get()
    absent = meeting.seats.filter(attended=False, status=PanelSeat.Status.ACCEPTED).first()

    with pytest.raises(PermissionDenied, match="proxy"):
        cast_votes(actor=absent.expert.user, meeting=meeting, choices={candidate.pk: "yes"})
    with pytest.raises(PermissionDenied):
        cast_votes(actor=world.office, meeting=meeting, choices={candidate.pk: "yes"})
    assert not Vote.objects.exists()


def test_a_paper_with_one_bad_vote_changes_nothing(world):
    meeting, present = world.voting(declarations=[world.declaration(), world.declaration()])
    first, second = meeting.candidates.order_by("pk")
    expert = present[0].expert.user

    with pytest.raises(ValidationError):
        cast_votes(actor=expert, meeting=meeting, choices={first.pk: "yes", second.pk: "maybe"})
    assert not Vote.objects.exists() and not BallotParticipation.objects.exists()
