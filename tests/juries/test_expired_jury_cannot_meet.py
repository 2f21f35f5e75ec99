from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from juries.models import ReviewMeeting
from juries.services.experts import approve_jury
from juries.services.meetings import apply_for_meeting
from juries.services.panel import draw_panel


def test_a_meeting_after_the_jury_expires_cannot_be_created(world):
    world.jury.valid_until = world.today + timedelta(days=3)
    world.jury.save()

    with pytest.raises(ValidationError, match="cannot meet"):
        world.meeting()
    assert not ReviewMeeting.objects.exists()


def test_a_jury_that_expired_after_the_meeting_was_planned_can_neither_apply_nor_draw(world):
    meeting = world.approved()
    other = world.meeting(declarations=[world.declaration()])
    world.jury.valid_until = world.today + timedelta(days=1)
    world.jury.save()

    with pytest.raises(ValidationError, match="cannot meet"):
        apply_for_meeting(actor=world.office, meeting=other)
    with pytest.raises(ValidationError, match="cannot meet"):
        draw_panel(actor=world.office, meeting=meeting)
    assert not meeting.seats.exists()


def test_an_unapproved_jury_cannot_meet(world):
    world.jury.approved_on = world.jury.valid_until = None
    world.jury.save()

    with pytest.raises(ValidationError, match="not been approved"):
        world.meeting()


def test_the_bureau_approves_a_jury_for_at_most_three_years(world):
    start = world.today
    with pytest.raises(ValidationError, match="at most 3 years"):
        approve_jury(
            actor=world.bureau,
            jury=world.jury,
            approval_document_number="示人社函〔2026〕1号",
            approved_on=start,
            valid_until=start.replace(year=start.year + 3),
        )
    jury = approve_jury(
        actor=world.bureau,
        jury=world.jury,
        approval_document_number="示人社函〔2026〕1号",
        approved_on=start,
        valid_until=start.replace(year=start.year + 3) - timedelta(days=1),
    )
    assert jury.is_valid_on(start)
    with pytest.raises(PermissionDenied):
        approve_jury(
            actor=world.office,
            jury=world.jury,
            approval_document_number="x",
            approved_on=start,
            valid_until=start + timedelta(days=30),
        )
