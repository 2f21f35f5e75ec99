from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from juries import selectors
from juries.models import PanelSeat
from juries.services.panel import sign_commitment
from juries.services.review import submit_assessment

SCORES = {"ethics": 90, "competence": 80, "performance": 70, "results": 60}


def signed_group(meeting):
    seats = list(meeting.seats.filter(basis=PanelSeat.Basis.GROUP).select_related("expert__user"))
    for seat in seats:
        sign_commitment(actor=seat.expert.user, seat=seat)
    return seats


def test_office_sees_mean_median_spread_and_a_disagreement_flag(world, client):
    senior = world.declaration(title=world.senior_engineer)
    meeting = world.drawn(declarations=[senior])
    candidate = meeting.candidates.get()
    seats = signed_group(meeting)
    # Weighted total of SCORES: (90*10 + 80*30 + 70*40 + 60*20) / 100 = 73.
    for seat, shift, defense in zip(seats, (0, 5, -25), (80, 84, None), strict=True):
        scores = {code: value + shift for code, value in SCORES.items()}
        submit_assessment(
            actor=seat.expert.user,
            candidate=candidate,
            opinion="业绩突出，论文质量较好。",
            scores=scores,
            defense_score=defense,
        )

    [summary] = selectors.score_summaries(meeting)
    assert summary.totals == [Decimal("48.00"), Decimal("73.00"), Decimal("78.00")]
    assert summary.mean == Decimal("66.33") and summary.median == Decimal("73.00")
    assert summary.spread == Decimal("30.00") and summary.disagreement
    assert summary.defense_mean == Decimal("82.00")
    client.force_login(world.office)
    page = client.get(f"/juries/meetings/{meeting.pk}/scores/").content.decode()
    assert "66.33" in page and "data-disagreement" in page
    api = client.get(f"/api/v1/meetings/{meeting.pk}/scores/").json()
    assert api[0]["disagreement"] is True and api[0]["median"] == "73.00"


def test_every_rubric_item_is_scored_within_range_and_defense_only_for_senior(world):
    intermediate = world.declaration(title=world.engineer)
    meeting = world.drawn(declarations=[intermediate])
    candidate = meeting.candidates.get()
    seat = signed_group(meeting)[0]
    expert = seat.expert.user

    with pytest.raises(ValidationError):
        submit_assessment(actor=expert, candidate=candidate, opinion="好", scores={"ethics": 90})
    with pytest.raises(ValidationError):
        submit_assessment(
            actor=expert, candidate=candidate, opinion="好", scores={**SCORES, "ethics": 101}
        )
    with pytest.raises(ValidationError, match="not given a defense"):
        submit_assessment(
            actor=expert, candidate=candidate, opinion="好", scores=SCORES, defense_score=80
        )
    assessment = submit_assessment(actor=expert, candidate=candidate, opinion="好", scores=SCORES)
    assert assessment.total == Decimal("73.00")
    at_large = (
        meeting.seats.filter(basis=PanelSeat.Basis.AT_LARGE).select_related("expert__user").first()
    )
    sign_commitment(actor=at_large.expert.user, seat=at_large)
    with pytest.raises(PermissionDenied):
        submit_assessment(
            actor=at_large.expert.user, candidate=candidate, opinion="好", scores=SCORES
        )
