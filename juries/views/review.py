"""Pages for the review: the expert's home and their group's files, the scores, the secret
ballot, the chair's confirmation and the minutes."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import attempt
from core.pages import act, form_page
from juries import meeting_workflow, permissions, selectors
from juries.forms import AssessmentForm, BallotForm
from juries.minutes import minutes_intact
from juries.models import Candidate, PanelSeat, ReviewMeeting
from juries.services import review as services
from juries.views.common import office_meeting


@login_required
def expert_home(request):
    seats = list(selectors.expert_seats(request.user))
    return render(
        request,
        "juries/expert_home.html",
        {
            "seats": seats,
            "reviews": selectors.review_candidates(request.user),
            "open_ballots": selectors.open_ballot_seats(seats),
            "SeatStatus": PanelSeat.Status,
        },
    )


@login_required
def meeting_scores(request, pk):
    meeting = office_meeting(request, pk)
    return render(
        request,
        "juries/meeting_scores.html",
        {
            "meeting": meeting,
            "summaries": selectors.score_summaries(meeting),
            "spread_limit": settings.SCORE_DISAGREEMENT_SPREAD,
            "rubric": selectors.rubric_for(meeting.plan.series.code),
            "score_max": settings.JURY_SCORE_MAX,
        },
    )


def _review_candidate(request, pk) -> Candidate:
    return get_object_or_404(selectors.review_candidates(request.user), pk=pk)


@login_required
def review_detail(request, pk):
    candidate = _review_candidate(request, pk)
    declaration = candidate.declaration
    with_defense = selectors.defense_applies(declaration)
    assessment = selectors.own_assessment(request.user, candidate)
    initial = {}
    if assessment:
        initial = {"opinion": assessment.opinion, "defense_score": assessment.defense_score}
        initial.update({f"score_{code}": value for code, value in assessment.scores.items()})
    form = AssessmentForm(
        request.POST or None, candidate=candidate, with_defense=with_defense, initial=initial
    )
    is_open = meeting_workflow.allows(candidate.meeting, "assess")
    return form_page(
        request,
        "juries/review_detail.html",
        {
            "candidate": candidate,
            "declaration": declaration,
            "materials": declaration.materials.filter(is_current=True).order_by(
                "material_type", "pk"
            ),
            "achievements": declaration.achievements.all(),
            "work_history": declaration.work_history.all(),
            "assessment": assessment,
            "open": is_open,
            "rubric": form.rubric,
            "score_max": settings.JURY_SCORE_MAX,
        },
        form=form,
        action=lambda: services.submit_assessment(
            actor=request.user,
            candidate=candidate,
            opinion=form.cleaned_data["opinion"],
            scores=form.scores(),
            defense_score=form.cleaned_data.get("defense_score"),
        ),
        success=_("Your opinion and scores are saved."),
        then=reverse("juries:review_detail", args=[candidate.pk]),
        shown=is_open,
    )


@login_required
def review_material(request, pk, material_pk):
    candidate = _review_candidate(request, pk)
    material = get_object_or_404(candidate.declaration.materials, pk=material_pk, is_current=True)
    return FileResponse(
        material.file.open("rb"),
        content_type=material.content_type,
        as_attachment=False,
        filename=material.original_name,
    )


def _ballot_cast(count: int) -> str:
    return ngettext(
        "Your ballot has been cast: %(count)d vote.",
        "Your ballot has been cast: %(count)d votes.",
        count,
    ) % {"count": count}


@login_required
def ballot_paper(request, pk):
    meeting = get_object_or_404(ReviewMeeting, pk=pk)
    seat = selectors.expert_seat(request.user, meeting)
    if seat is None:
        raise Http404
    rows = selectors.ballot_candidates(seat)
    pending = [candidate for candidate, voted in rows if not voted]
    form = BallotForm(request.POST or None, candidates=pending)
    is_open = meeting_workflow.allows(meeting, "vote")
    return form_page(
        request,
        "juries/ballot.html",
        {
            "meeting": meeting,
            "seat": seat,
            "voted": [c for c, v in rows if v],
            "is_open": is_open,
        },
        form=form,
        action=lambda: services.cast_votes(
            actor=request.user, meeting=meeting, choices=form.choices()
        ),
        success=_ballot_cast,
        then=reverse("juries:ballot", args=[meeting.pk]),
        shown=is_open and seat.attended and bool(form.fields),
    )


@login_required
@require_POST
def ballot_open(request, pk):
    meeting = office_meeting(request, pk)
    return act(
        request,
        lambda: services.open_ballot(actor=request.user, meeting=meeting),
        success=_("The ballot is open."),
        then=reverse("juries:meeting_detail", args=[meeting.pk]),
    )


@login_required
@require_POST
def ballot_close(request, pk):
    meeting = office_meeting(request, pk)
    return act(
        request,
        lambda: services.close_ballot(actor=request.user, meeting=meeting),
        success=_("The ballot is closed and tallied; the chair confirms the result."),
        then=reverse("juries:meeting_detail", args=[meeting.pk]),
    )


@login_required
def confirm(request, pk):
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("jury", "plan"), pk=pk)
    if not permissions.presides(request.user, meeting):
        raise Http404
    if request.method == "POST" and attempt(
        request,
        lambda: services.confirm_result(actor=request.user, meeting=meeting),
        success=_("The result is confirmed and the minutes are kept."),
    ):
        return redirect("juries:minutes", pk=meeting.pk)
    tallies = [(c, selectors.tally_of(c)) for c in selectors.tallied_candidates(meeting)]
    return render(
        request,
        "juries/confirm.html",
        {
            "meeting": meeting,
            "tallies": tallies,
            "moves": meeting_workflow.open_meeting_moves(meeting, request.user),
            "minutes_ready": selectors.has_minutes(meeting),
        },
        status=400 if request.method == "POST" else 200,  # a POST here was refused
    )


@login_required
def minutes(request, pk):
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("jury"), pk=pk)
    record = getattr(meeting, "minutes", None)
    if record is None or not permissions.may_see_minutes(request.user, meeting):
        raise Http404
    return render(
        request,
        "juries/minutes.html",
        {
            "meeting": meeting,
            "minutes": record,
            "content": record.content,
            "intact": minutes_intact(record),
        },
    )
