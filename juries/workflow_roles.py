"""The jury's part in the declaration's transition table (applicants/workflow.py). The table
gives `pass` and `fail` to an expert, and the expert it means is the chair presiding over the
review meeting whose secret ballot decided: applicants cannot know who that is without
importing this app, so the check is registered here."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Role
from applicants.permissions import register_acting_check
from juries.models import Candidate, ReviewMeeting
from juries.permissions import presiding_seat

# A meeting whose result is being confirmed (ballot closed) or has been.
DECIDING = (ReviewMeeting.Status.BALLOT_CLOSED, ReviewMeeting.Status.CONFIRMED)


def presiding_chair_memberships(declarations, actor, memberships) -> dict[int, Membership]:
    """The declarations whose meeting the actor presides over, with the expert membership
    (in the jury's office) they act in: one query for the candidates, one per meeting."""
    candidates = list(
        Candidate.objects.filter(
            declaration_id__in=[declaration.pk for declaration in declarations],
            meeting__status__in=DECIDING,
        ).select_related("meeting__jury")
    )
    presided: dict[int, bool] = {}
    for candidate in candidates:
        if candidate.meeting_id not in presided:
            seat = presiding_seat(candidate.meeting)
            presided[candidate.meeting_id] = seat is not None and seat.expert.user_id == actor.pk
    by_office = {membership.organization_id: membership for membership in memberships}
    found = {}
    for candidate in candidates:
        membership = by_office.get(candidate.meeting.jury.office_id)
        if presided[candidate.meeting_id] and membership is not None:
            found[candidate.declaration_id] = membership
    return found


register_acting_check(
    Role.EXPERT,
    presiding_chair_memberships,
    described_as=_("the chair presiding over its review meeting"),
)
