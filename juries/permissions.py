"""Who may act at the jury stage: predicates named after what they allow, used by the services,
the pages, the API and the templates alike, so a rule is written once."""

from accounts.models import Membership, Role
from accounts.selectors import active_memberships
from juries.models import Expert, Jury, PanelSeat, ReviewMeeting

# The object permission an expert holds on a candidate while they may open its declaration and
# proof files: `user.has_perm(REVIEW_FILES, candidate)`. juries/services/access.py grants and
# revokes it; juries/selectors.py `review_candidates` reads it for the pages and the API.
REVIEW_CODENAME = "review_candidate"
REVIEW_FILES = f"juries.{REVIEW_CODENAME}"


def office_ids(user) -> set[int]:
    """The jury offices where the user works."""
    return {
        membership.organization_id for membership in active_memberships(user, (Role.JURY_OFFICE,))
    }


def is_office_staff(user, jury: Jury) -> bool:
    return jury.office_id in office_ids(user)


def works_in_a_jury_office(user) -> bool:
    return bool(office_ids(user))


def bureau_memberships(user) -> list[Membership]:
    return active_memberships(user, (Role.HR_BUREAU,))


def bureau_paths(user) -> list[str]:
    return [membership.organization.path for membership in bureau_memberships(user)]


def overseeing_membership(user, jury: Jury) -> Membership | None:
    """The HR bureau membership at or above the jury's office, if the user has one."""
    for membership in bureau_memberships(user):
        if jury.office.path.startswith(membership.organization.path):
            return membership
    return None


def oversees(user, jury: Jury) -> bool:
    """HR bureau staff at or above the jury's office approve its juries and meetings."""
    return overseeing_membership(user, jury) is not None


def may_set_up_jury(user, jury: Jury) -> bool:
    return is_office_staff(user, jury) or oversees(user, jury)


def is_observer(user, meeting: ReviewMeeting) -> bool:
    return user.is_authenticated and meeting.observer_id == user.pk


def may_see_panel(user, meeting: ReviewMeeting) -> bool:
    """The sealed panel: the jury office and the meeting's supervising observer."""
    return is_office_staff(user, meeting.jury) or is_observer(user, meeting)


def may_download_roster(user, meeting: ReviewMeeting) -> bool:
    return is_office_staff(user, meeting.jury) or oversees(user, meeting.jury)


def presiding_seat(meeting: ReviewMeeting) -> PanelSeat | None:
    """The chair presides; without them, the first attending vice-chair."""
    seats = meeting.seats.filter(
        status=PanelSeat.Status.ACCEPTED,
        attended=True,
        expert__position__in=(Expert.Position.CHAIR, Expert.Position.VICE_CHAIR),
    ).select_related("expert__user")
    return min(
        seats, key=lambda s: (s.expert.position != Expert.Position.CHAIR, s.pk), default=None
    )


def presides(user, meeting: ReviewMeeting) -> bool:
    """The presiding chair confirms the meeting's result."""
    seat = presiding_seat(meeting)
    return seat is not None and user.is_authenticated and seat.expert.user_id == user.pk


def may_see_minutes(user, meeting: ReviewMeeting) -> bool:
    return may_see_panel(user, meeting) or presides(user, meeting)


def may_download_summary(user, meeting: ReviewMeeting) -> bool:
    """The candidates' summary table of the whole roster: the office and the bureau above the
    jury. An expert gets the rows of the files they may open (selectors.review_candidates)."""
    return may_download_roster(user, meeting)


def may_download_minutes(user, meeting: ReviewMeeting) -> bool:
    """The minutes as a PDF, which names no expert: those who see the minutes, and the bureau
    above the jury, which files the result."""
    return may_see_minutes(user, meeting) or oversees(user, meeting.jury)


def may_download_supervision_record(user, meeting: ReviewMeeting) -> bool:
    return may_see_panel(user, meeting) or oversees(user, meeting.jury)


def sits_on(user, meeting: ReviewMeeting) -> bool:
    """A drawn expert who has not declined."""
    return (
        user.is_authenticated
        and PanelSeat.objects.filter(meeting=meeting, expert__user=user)
        .exclude(status=PanelSeat.Status.DECLINED)
        .exists()
    )


def in_an_expert_library(user) -> bool:
    """An active member of some jury's expert library: they declare standing interests."""
    return user.is_authenticated and Expert.objects.filter(user=user, is_active=True).exists()


def may_declare_interest(user, expert: Expert) -> bool:
    """An expert declares their own interests, while they are in the library."""
    return user.is_authenticated and expert.user_id == user.pk and expert.is_active


def may_declare_candidate_interest(user, seat: PanelSeat | None) -> bool:
    """Against a candidate: an expert who has signed the commitment for the candidate's
    meeting (the roster is shown to them only then)."""
    return (
        seat is not None
        and user.is_authenticated
        and seat.expert.user_id == user.pk
        and seat.status == PanelSeat.Status.ACCEPTED
    )


def may_decline_seat(user, seat: PanelSeat) -> bool:
    """The expert, or the office on their word."""
    return seat.expert.user_id == user.pk or is_office_staff(user, seat.meeting.jury)


def may_close_publicity_now(user, publicity, today) -> bool:
    """The jury office may close a result publicity by hand once its last day has passed (the
    nightly task closes it too); `today` is the caller's day."""
    return (
        publicity.closed_at is None
        and today > publicity.ends_on
        and is_office_staff(user, publicity.meeting.jury)
    )
