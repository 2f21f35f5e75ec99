"""The secret ballot of a big review meeting: 500 candidates, 25 attending experts each
voting on every candidate through juries/services/review.cast_votes, then the tally
(close_ballot: the votes reshuffled, counted and written to each candidate) and the chair's
confirmation (confirm_result: the passed and the failed declarations move through the
workflow in one go each, with their audit records, and the minutes are written).

Run by `python -m bench` on the scale data set: the meeting is the engineering jury's of
the big city; its candidates are new declarations of a plan of their own."""

import random
import time
from datetime import date

from bench.targets import TALLY_CANDIDATES, TALLY_EXPERTS


def build_meeting(candidates: int, experts: int):
    from django.utils import timezone

    from accounts.models import Membership, User
    from applicants.models import Declaration
    from juries.models import Candidate, Expert, Jury, PanelDraw, PanelSeat, ReviewMeeting
    from juries.services.review import open_ballot
    from titles.models import EvaluationPlan, Level

    office = User.objects.get(username="scale-office-gc")
    jury = Jury.objects.get(office__memberships__user=office)
    today = timezone.localdate()
    plan = EvaluationPlan.objects.create(
        year=today.year + 1,
        name="基准计票评审计划",
        organizer=jury.established_by,
        series=jury.series,
        jury=jury,
        status=EvaluationPlan.Status.CLOSED,
        declaration_opens=date(today.year + 1, 1, 5),
        declaration_closes=date(today.year + 1, 2, 5),
        unit_recommendation_deadline=date(today.year + 1, 2, 20),
        qualification_check_deadline=date(today.year + 1, 3, 20),
        achievement_cutoff=date(today.year + 1, 1, 1),
        unit_publicity_working_days=5,
        result_publicity_working_days=5,
    )
    title = jury.series.titles.get(level=Level.DEPUTY_SENIOR)
    specialty = jury.series.specialties.order_by("code").first()
    people = list(User.objects.filter(username__startswith="scale-p").order_by("username"))
    people = people[:candidates]
    employers = dict(
        Membership.objects.filter(user__in=people).values_list("user_id", "organization_id")
    )
    # Bench data only: the declarations start where the ballot needs them, in review.
    declarations = Declaration.objects.bulk_create(
        Declaration(
            applicant=person,
            employer_id=employers[person.pk],
            plan=plan,
            title=title,
            specialty=specialty,
            status=Declaration.Status.IN_REVIEW,
        )
        for person in people
    )
    meeting = ReviewMeeting.objects.create(
        jury=jury,
        plan=plan,
        name="基准计票评审会议",
        held_on=today,
        panel_size=experts,
        group_size=5,
        status=ReviewMeeting.Status.APPROVED,
        created_by=office,
        drawn_at=timezone.now(),
    )
    Candidate.objects.bulk_create(
        Candidate(meeting=meeting, declaration=declaration) for declaration in declarations
    )
    draw = PanelDraw.objects.create(
        meeting=meeting,
        kind=PanelDraw.Kind.INITIAL,
        algorithm="bench",
        seed="bench",
        inputs={},
        result={},
        drawn_by=office,
    )
    panel = list(Expert.objects.filter(jury=jury).select_related("user").order_by("pk")[:experts])
    PanelSeat.objects.bulk_create(
        PanelSeat(
            meeting=meeting,
            expert=expert,
            draw=draw,
            basis=PanelSeat.Basis.AT_LARGE,
            status=PanelSeat.Status.ACCEPTED,
            commitment_signed_at=timezone.now(),
            attended=True,
        )
        for expert in panel
    )
    open_ballot(actor=office, meeting=meeting)
    return meeting, office, panel


def run(candidates: int = TALLY_CANDIDATES, experts: int = TALLY_EXPERTS) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from juries.models import Expert, Vote
    from juries.permissions import presiding_seat
    from juries.services.review import cast_votes, close_ballot, confirm_result

    meeting, office, panel = build_meeting(candidates, experts)
    # A server process has its URLs loaded before any request: the first reverse() in this
    # one would import them all inside the timing (0.8 s).
    reverse("juries:confirm", args=[meeting.pk])
    candidate_ids = list(meeting.candidates.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(25)
    started = time.perf_counter()
    for expert in panel:
        choices = {
            pk: rng.choices(Vote.Choice.values, weights=(75, 20, 5))[0] for pk in candidate_ids
        }
        cast_votes(actor=expert.user, meeting=meeting, choices=choices)
    cast_seconds = time.perf_counter() - started

    with CaptureQueriesContext(connection) as tally_queries:
        started, cpu = time.perf_counter(), time.process_time()
        close_ballot(actor=office, meeting=meeting)
        tally_seconds, tally_cpu = time.perf_counter() - started, time.process_time() - cpu
    chair = presiding_seat(meeting).expert.user
    assert chair.expert_seats.filter(position=Expert.Position.CHAIR).exists()
    with CaptureQueriesContext(connection) as confirm_queries:
        started = time.perf_counter()
        confirm_result(actor=chair, meeting=meeting)
        confirm_seconds = time.perf_counter() - started
    passed = meeting.candidates.filter(outcome="passed").count()
    return {
        "candidates": candidates,
        "experts": experts,
        "votes": candidates * experts,
        "cast_seconds": cast_seconds,
        "tally_seconds": tally_seconds,
        "tally_cpu_seconds": tally_cpu,
        "tally_queries": len(tally_queries),
        "confirm_seconds": confirm_seconds,
        "confirm_queries": len(confirm_queries),
        "passed": passed,
    }
