"""To-do items of the jury stage on the home pages."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from core.todo import TodoItem, todo_provider
from juries.meeting_workflow import states_allowing
from juries.models import (
    Assessment,
    Ballot,
    Objection,
    PanelDraw,
    PanelSeat,
    ReexaminationRequest,
    ResultPublicity,
    ReviewMeeting,
)
from juries.permissions import presiding_seat
from juries.selectors import ballot_candidates, review_candidates

MS = ReviewMeeting.Status


@todo_provider(Role.JURY_OFFICE)
def office_meetings(membership):
    meetings = ReviewMeeting.objects.filter(jury__office_id=membership.organization_id)
    for meeting in meetings.filter(status=MS.RETURNED):
        yield TodoItem(
            title=_("Meeting “%(name)s” was returned by the HR bureau") % {"name": meeting.name},
            url=reverse("juries:meeting_detail", args=[meeting.pk]),
            due=meeting.held_on,
        )
    for meeting in meetings.filter(status__in=states_allowing("draw"), drawn_at__isnull=True):
        yield TodoItem(
            title=_("Draw the panel of “%(name)s”") % {"name": meeting.name},
            url=reverse("juries:meeting_detail", args=[meeting.pk]),
            due=meeting.held_on,
        )
    replaced = PanelDraw.objects.filter(replaced_seat=OuterRef("pk"))
    declined = (
        PanelSeat.objects.filter(
            meeting__status__in=states_allowing("replace"),
            meeting__in=meetings,
            status=PanelSeat.Status.DECLINED,
        )
        .exclude(Exists(replaced))
        .select_related("meeting")
    )
    for seat in declined:
        yield TodoItem(
            title=_("An expert declined “%(name)s”: draw a replacement")
            % {"name": seat.meeting.name},
            url=reverse("juries:meeting_panel", args=[seat.meeting_id]),
            due=seat.meeting.held_on,
        )
    unpublished = ~Exists(ResultPublicity.objects.filter(meeting=OuterRef("pk")))
    for meeting in meetings.filter(
        unpublished, status__in=states_allowing("publish"), candidates__outcome="passed"
    ).distinct():
        yield TodoItem(
            title=_("Publish the passed list of “%(name)s”") % {"name": meeting.name},
            url=reverse("juries:meeting_publish", args=[meeting.pk]),
            since=timezone.localdate(meeting.confirmed_at) if meeting.confirmed_at else None,
        )
    objections = Objection.objects.filter(
        publicity__meeting__jury__office_id=membership.organization_id, status=Objection.Status.OPEN
    ).count()
    if objections:
        yield TodoItem(
            title=_("Objections to investigate"),
            url=reverse("juries:objection_list"),
            count=objections,
        )
    requests = ReexaminationRequest.objects.filter(
        candidate__meeting__jury__office_id=membership.organization_id,
        status=ReexaminationRequest.Status.OPEN,
    ).count()
    if requests:
        yield TodoItem(
            title=_("Re-examination requests to answer"),
            url=reverse("juries:reexamination_list"),
            count=requests,
        )


@todo_provider(Role.HR_BUREAU)
def meetings_to_approve(membership):
    meetings = ReviewMeeting.objects.filter(
        status__in=states_allowing("approve"),
        jury__office__path__startswith=membership.organization.path,
    )
    for meeting in meetings:
        yield TodoItem(
            title=_("Approve or return the review meeting “%(name)s”") % {"name": meeting.name},
            url=reverse("juries:meeting_detail", args=[meeting.pk]),
            due=meeting.held_on,
            since=timezone.localdate(meeting.applied_at) if meeting.applied_at else None,
        )


@todo_provider(Role.EXPERT)
def expert_work(membership):
    user = membership.user
    seats = PanelSeat.objects.filter(expert__user=user).select_related("meeting")
    for seat in seats.filter(
        status=PanelSeat.Status.PENDING, meeting__status__in=states_allowing("sign_commitment")
    ):
        yield TodoItem(
            title=_("Sign the review-discipline commitment for “%(name)s”")
            % {"name": seat.meeting.name},
            url=reverse("juries:seat_detail", args=[seat.pk]),
            due=seat.meeting.held_on,
        )
    assessed = Assessment.objects.filter(candidate=OuterRef("pk"), seat__expert__user=user)
    unassessed = (
        review_candidates(user)
        .filter(meeting__status__in=states_allowing("assess"))
        .exclude(Exists(assessed))
        .count()
    )
    if unassessed:
        yield TodoItem(
            title=_("Files to assess"), url=reverse("juries:expert_home"), count=unassessed
        )
    open_seats = seats.filter(
        status=PanelSeat.Status.ACCEPTED, attended=True, meeting__ballot__status=Ballot.Status.OPEN
    )
    for seat in open_seats:
        if any(not voted for _candidate, voted in ballot_candidates(seat)):
            yield TodoItem(
                title=_("Vote in the secret ballot of “%(name)s”") % {"name": seat.meeting.name},
                url=reverse("juries:ballot", args=[seat.meeting_id]),
            )
    for seat in seats.filter(
        status=PanelSeat.Status.ACCEPTED,
        attended=True,
        meeting__status__in=states_allowing("confirm"),
    ):
        presiding = presiding_seat(seat.meeting)
        if presiding is not None and presiding.pk == seat.pk:
            yield TodoItem(
                title=_("Confirm the result of “%(name)s”") % {"name": seat.meeting.name},
                url=reverse("juries:confirm", args=[seat.meeting_id]),
            )
