"""Reads for juries, meetings, panels, reviews, ballots and publicity, scoped to the reader.

Who sees what:
- a jury office's staff: its juries, their libraries and meetings, the sealed panel, scores,
  tallies after the ballot closes, objections and re-examination requests;
- HR bureau staff: the juries whose office sits in their subtree, and those juries' meetings
  once applied for (to approve them); not the panel;
- the meeting's supervising observer (named by the bureau): the meeting and its sealed panel;
- an expert: their own seats, and the files of their review group minus their recusals,
  from the commitment they sign until the ballot closes (the grants of
  juries/services/access.py);
- an applicant: their own results;
- anyone: the result publicity pages."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from juries import meeting_workflow
from juries.ballot import Tally, quorum_needed
from juries.draw import replay
from juries.models import (
    Assessment,
    BallotParticipation,
    Candidate,
    Expert,
    ExpertInterest,
    Jury,
    Minutes,
    Objection,
    PanelSeat,
    Recusal,
    ReexaminationRequest,
    ResultPublicity,
    ReviewMeeting,
)
from juries.permissions import REVIEW_CODENAME, bureau_paths, office_ids
from titles.models import Level

# --- juries and meetings ------------------------------------------------------------------


def _bureau_q(user, prefix: str) -> Q:
    condition = Q(pk__in=[])
    for path in bureau_paths(user):
        condition |= Q(**{f"{prefix}office__path__startswith": path})
    return condition


def visible_juries(user) -> QuerySet[Jury]:
    juries = Jury.objects.select_related(
        "series", "specialty", "office", "established_by"
    ).annotate(library_size=Count("experts", filter=Q(experts__is_active=True)))
    if user.is_superuser:
        return juries
    return juries.filter(Q(office_id__in=office_ids(user)) | _bureau_q(user, ""))


def office_juries(user) -> QuerySet[Jury]:
    return Jury.objects.filter(office_id__in=office_ids(user)).select_related("series", "office")


def jury_library(jury: Jury) -> QuerySet[Expert]:
    return jury.experts.select_related("user", "specialty", "employer").order_by(
        "-is_active", "specialty__code", "user__real_name", "pk"
    )


def visible_meetings(user) -> QuerySet[ReviewMeeting]:
    """Meetings the reader answers for: the office's, the bureau's once applied for, and
    those the reader observes."""
    meetings = ReviewMeeting.objects.select_related("jury__office", "plan", "observer").annotate(
        candidate_count=Count("candidates", distinct=True)
    )
    if user.is_superuser:
        return meetings
    bureau = _bureau_q(user, "jury__") & ~Q(status=ReviewMeeting.Status.DRAFT)
    return meetings.filter(
        Q(jury__office_id__in=office_ids(user)) | bureau | Q(observer_id=user.pk)
    )


def meetings_awaiting_approval(user) -> QuerySet[ReviewMeeting]:
    return (
        ReviewMeeting.objects.filter(
            _bureau_q(user, "jury__"), status__in=meeting_workflow.states_allowing("approve")
        )
        .select_related("jury", "plan")
        .order_by("held_on", "pk")
    )


def has_minutes(meeting: ReviewMeeting) -> bool:
    return Minutes.objects.filter(meeting=meeting).exists()


def meeting_candidates(meeting: ReviewMeeting) -> QuerySet[Candidate]:
    return meeting.candidates.select_related(
        "declaration__applicant",
        "declaration__employer",
        "declaration__title",
        "declaration__specialty",
        "group__specialty",
    ).order_by("group__specialty__code", "declaration__applicant__real_name", "pk")


def assignable_declarations(meeting: ReviewMeeting):
    """Qualified declarations of the meeting's plan not yet on a meeting's roster."""
    from applicants.models import Declaration

    return (
        Declaration.objects.filter(plan=meeting.plan, status=Declaration.Status.QUALIFIED)
        .exclude(Exists(Candidate.objects.filter(declaration=OuterRef("pk"))))
        .select_related("applicant", "employer", "title", "specialty")
        .order_by("specialty__code", "applicant__real_name", "pk")
    )


def sealed_panel(meeting: ReviewMeeting) -> QuerySet[PanelSeat]:
    """The panel itself: call only after `may_see_panel`."""
    return meeting.seats.select_related(
        "expert__user", "expert__specialty", "expert__employer", "group__specialty", "draw"
    ).order_by("group__specialty__code", "basis", "expert__user__real_name", "pk")


def meeting_recusals(meeting: ReviewMeeting) -> QuerySet[Recusal]:
    return Recusal.objects.filter(candidate__meeting=meeting).select_related(
        "expert__user", "candidate__declaration__applicant"
    )


def replay_draw(record):
    """What the recorded inputs and seed give when drawn again; equal to `record.result`
    unless the record was tampered with."""
    inputs = {
        k: v
        for k, v in record.inputs.items()
        if k not in ("conflicts", "ineligible", "replaced_seat")
    }
    return replay(record.algorithm, record.seed, inputs)


def replays_as_recorded(record) -> bool:
    return replay_draw(record) == record.result


def meeting_draws(meeting: ReviewMeeting) -> list[tuple]:
    """The meeting's draws, each with whether it replays as recorded."""
    return [
        (record, replays_as_recorded(record)) for record in meeting.draws.order_by("drawn_at", "pk")
    ]


def replaced_seat_ids(meeting: ReviewMeeting) -> set[int]:
    return set(
        meeting.draws.filter(replaced_seat__isnull=False).values_list("replaced_seat_id", flat=True)
    )


def _normalized(value) -> str:
    return (value or "").strip().upper()


def meeting_conflicts(meeting, experts, candidates) -> dict[int, list[tuple[int, str]]]:
    """Every (candidate, reason) each expert is conflicted with: the applicant themself, the
    same employer, or an interest the expert declared (standing, or for this meeting)."""
    interests = defaultdict(list)
    for interest in ExpertInterest.objects.filter(
        Q(meeting__isnull=True) | Q(meeting=meeting), expert__in=experts
    ):
        interests[interest.expert_id].append(interest)
    conflicts = {}
    for expert in experts:
        found = []
        for candidate in candidates:
            reason = _conflict(expert, candidate, interests[expert.pk])
            if reason:
                found.append((candidate.pk, str(reason)))
        conflicts[expert.pk] = found
    return conflicts


def _conflict(expert, candidate, interests) -> str | None:
    declaration = candidate.declaration
    applicant = declaration.applicant
    if expert.user_id == declaration.applicant_id:
        return Recusal.Reason.APPLICANT_SELF
    if expert.employer_id == declaration.employer_id:
        return Recusal.Reason.SAME_EMPLOYER
    for interest in interests:
        if (
            interest.candidate_id == candidate.pk
            or (interest.organization_id and interest.organization_id == declaration.employer_id)
            or (
                interest.person_id_number
                and interest.person_id_number == _normalized(applicant.id_number)
            )
            or (
                interest.person_name
                and not interest.person_id_number
                and interest.person_name == (applicant.real_name or "").strip()
            )
        ):
            return Recusal.Reason.DECLARED_RELATION
    return None


# --- experts ------------------------------------------------------------------------------


def expert_seats(user) -> QuerySet[PanelSeat]:
    return (
        PanelSeat.objects.filter(expert__user=user)
        .select_related("meeting__jury", "group__specialty", "expert")
        .order_by("-meeting__held_on", "pk")
    )


def expert_seat(user, meeting: ReviewMeeting) -> PanelSeat | None:
    return (
        PanelSeat.objects.filter(meeting=meeting, expert__user=user)
        .exclude(status=PanelSeat.Status.DECLINED)
        .select_related("expert", "group")
        .first()
    )


def expert_interests(user):
    return ExpertInterest.objects.filter(expert__user=user).select_related(
        "expert__jury", "organization", "meeting", "candidate__declaration__applicant"
    )


def review_candidates(user) -> QuerySet[Candidate]:
    """The files an expert may open: the candidates they hold the review grant on
    (juries/services/access.py), which is exactly their review group's candidates minus their
    recusals, from the commitment they signed for the sealed panel until the ballot closes.
    The grant is the only source: `user.has_perm("juries.review_candidate", candidate)` says
    the same for each of them."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Candidate.objects.none()
    return (
        Candidate.objects.filter(
            file_grants__user=user, file_grants__permission__codename=REVIEW_CODENAME
        )
        .select_related(
            "meeting",
            "declaration__applicant",
            "declaration__employer",
            "declaration__title__series",
            "declaration__specialty",
            "group__specialty",
        )
        .order_by("-meeting__held_on", "group__specialty__code", "pk")
    )


def own_assessment(user, candidate: Candidate) -> Assessment | None:
    return Assessment.objects.filter(candidate=candidate, seat__expert__user=user).first()


def ballot_candidates(seat: PanelSeat) -> list[tuple[Candidate, bool]]:
    """The meeting's candidates the seat may vote on, each with whether it has voted."""
    recused = Recusal.objects.filter(candidate=OuterRef("pk"), expert_id=seat.expert_id)
    voted = BallotParticipation.objects.filter(candidate=OuterRef("pk"), seat=seat)
    candidates = (
        meeting_candidates(seat.meeting).exclude(Exists(recused)).annotate(has_voted=Exists(voted))
    )
    return [(candidate, candidate.has_voted) for candidate in candidates]


# --- scoring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RubricItem:
    code: str
    label_zh: str
    label_en: str
    weight: int

    @property
    def label(self) -> str:
        return self.label_zh if (get_language() or "").startswith("zh") else self.label_en


def rubric_for(series_code: str) -> list[RubricItem]:
    rubrics = settings.JURY_SCORING_RUBRICS
    return [RubricItem(*item) for item in rubrics.get(series_code, rubrics["default"])]


def defense_applies(declaration) -> bool:
    """Senior candidates may be given a defense score, unless their channel waives it."""
    from applicants.eligibility_checks import youth_aid_defense_waived

    return (
        declaration.title.level >= settings.JURY_DEFENSE_MIN_LEVEL
        and not youth_aid_defense_waived(declaration)
    )


@dataclass(frozen=True)
class ScoreSummary:
    candidate: Candidate
    totals: list[Decimal]
    group_size: int
    mean: Decimal | None
    median: Decimal | None
    spread: Decimal | None
    defense_mean: Decimal | None

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread > settings.SCORE_DISAGREEMENT_SPREAD


def _two_places(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def score_summaries(meeting: ReviewMeeting) -> list[ScoreSummary]:
    """Per candidate: every group expert's weighted total, their mean, median and spread."""
    candidates = meeting_candidates(meeting).prefetch_related(
        Prefetch(
            "assessments",
            queryset=Assessment.objects.only("candidate_id", "total", "defense_score"),
        )
    )
    group_sizes = dict(
        meeting.seats.filter(status=PanelSeat.Status.ACCEPTED, group__isnull=False)
        .values_list("group_id")
        .annotate(n=Count("pk"))
    )
    summaries = []
    for candidate in candidates:
        totals = sorted(assessment.total for assessment in candidate.assessments.all())
        defenses = [
            a.defense_score for a in candidate.assessments.all() if a.defense_score is not None
        ]
        summaries.append(
            ScoreSummary(
                candidate=candidate,
                totals=totals,
                group_size=group_sizes.get(candidate.group_id, 0),
                mean=_two_places(statistics.fmean(totals)) if totals else None,
                median=_two_places(statistics.median(totals)) if totals else None,
                spread=(totals[-1] - totals[0]) if totals else None,
                defense_mean=_two_places(statistics.fmean(defenses)) if defenses else None,
            )
        )
    return summaries


# --- ballot and results -------------------------------------------------------------------


def quorum_state(meeting) -> tuple[int, int, int]:
    """(attending, seated, needed): the seated panel is every seat not declined."""
    seats = meeting.seats.exclude(status=PanelSeat.Status.DECLINED)
    seated = seats.count()
    attending = seats.filter(status=PanelSeat.Status.ACCEPTED, attended=True).count()
    return attending, seated, quorum_needed(seated)


def tally_of(candidate) -> Tally:
    return Tally(
        voters=candidate.voters or 0,
        yes=candidate.votes_yes or 0,
        no=candidate.votes_no or 0,
        abstain=candidate.votes_abstain or 0,
    )


def open_ballot_seats(seats) -> list[PanelSeat]:
    """Of an expert's seats, those where they may vote now."""
    return [
        seat
        for seat in seats
        if seat.status == PanelSeat.Status.ACCEPTED
        and seat.attended
        and meeting_workflow.allows(seat.meeting, "vote")
    ]


def tallied_candidates(meeting: ReviewMeeting) -> QuerySet[Candidate]:
    """The counts, once the ballot has closed; before that nobody sees any."""
    ballot = getattr(meeting, "ballot", None)
    if ballot is None or ballot.status != ballot.Status.CLOSED:
        return Candidate.objects.none()
    return meeting_candidates(meeting)


def applicant_results(user) -> QuerySet[Candidate]:
    return (
        Candidate.objects.filter(
            declaration__applicant=user, meeting__status=ReviewMeeting.Status.CONFIRMED
        )
        .select_related("meeting", "declaration__title", "declaration__specialty")
        .prefetch_related("reexaminations")
        .order_by("-meeting__held_on", "pk")
    )


def office_objections(user) -> QuerySet[Objection]:
    return (
        Objection.objects.filter(publicity__meeting__jury__office_id__in=office_ids(user))
        .select_related("publicity__meeting", "candidate__declaration__applicant")
        .order_by("status", "-filed_at", "-pk")
    )


def office_reexaminations(user) -> QuerySet[ReexaminationRequest]:
    return (
        ReexaminationRequest.objects.filter(
            candidate__meeting__jury__office_id__in=office_ids(user)
        )
        .select_related("candidate__meeting", "candidate__declaration__applicant", "requested_by")
        .order_by("status", "-requested_at", "-pk")
    )


def declarations_ready_for_filing():
    """For the filing stage: publicized declarations whose window ended with no objection
    upheld or open."""
    from applicants.models import Declaration

    return Declaration.objects.filter(
        status=Declaration.Status.IN_RESULT_PUBLICITY,
        jury_candidacies__ready_for_filing_at__isnull=False,
        jury_candidacies__overturned_at__isnull=True,
    ).distinct()


# --- public pages -------------------------------------------------------------------------


def public_publicities() -> QuerySet[ResultPublicity]:
    """Publicities open now or ended within the last year, newest first."""
    today = timezone.localdate()
    return (
        ResultPublicity.objects.filter(
            starts_on__lte=today, ends_on__gte=today - timedelta(days=366)
        )
        .select_related("meeting__jury")
        .annotate(
            passed_count=Count(
                "meeting__candidates",
                filter=Q(meeting__candidates__outcome=Candidate.Outcome.PASSED),
            )
        )
        .order_by("-starts_on", "-pk")
    )


def publicized_candidates(publicity: ResultPublicity) -> QuerySet[Candidate]:
    return meeting_candidates(publicity.meeting).filter(outcome=Candidate.Outcome.PASSED)


def is_senior(candidate: Candidate) -> bool:
    return candidate.declaration.title.level >= Level.DEPUTY_SENIOR
