"""Pages for the sealed panel (draw, replacements, recusals, roll call) and for an expert's
own seat (commitment, declining, interests in candidates)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import act, post_form
from juries import permissions, selectors
from juries.forms import AttendanceForm, CandidateInterestForm, DeclineForm, RecuseForm
from juries.meeting_workflow import open_meeting_moves
from juries.models import PanelSeat
from juries.services import experts as expert_services
from juries.services import panel as services
from juries.services import review as review_services
from juries.views.common import office_meeting, page_forms, visible_meeting


def _panel_page(request, meeting, *, status=200, **failed):
    """The sealed panel with the office's roll call and recusal forms: new ones, or in place of
    one, the form that came back with problems (`failed`, e.g. recuse_form=form)."""
    moves = open_meeting_moves(meeting, request.user)
    forms = {}
    if moves.take_attendance:
        forms["attendance_form"] = AttendanceForm(
            meeting=meeting, initial={"seats": meeting.seats.filter(attended=True)}
        )
    if moves.recuse:
        forms["recuse_form"] = RecuseForm(meeting=meeting)
    context = {
        "meeting": meeting,
        "moves": moves,
        "is_office": permissions.is_office_staff(request.user, meeting.jury),
        "seats": selectors.sealed_panel(meeting),
        "replaced": selectors.replaced_seat_ids(meeting),
        "draws": selectors.meeting_draws(meeting),
        "recusals": selectors.meeting_recusals(meeting),
        **page_forms(request, forms, failed),
    }
    if moves.take_attendance:
        context["quorum"] = selectors.quorum_state(meeting)
    return render(request, "juries/meeting_panel.html", context, status=status)


@login_required
def meeting_panel(request, pk):
    meeting = visible_meeting(request, pk)
    if not permissions.may_see_panel(request.user, meeting):
        raise Http404
    return _panel_page(request, meeting)


def _back(meeting) -> str:
    return reverse("juries:meeting_panel", args=[meeting.pk])


@login_required
@require_POST
def meeting_draw(request, pk):
    meeting = office_meeting(request, pk)
    return act(
        request,
        lambda: services.draw_panel(actor=request.user, meeting=meeting),
        success=_("The panel has been drawn. The drawn experts have been told privately."),
        then=_back(meeting),
    )


@login_required
@require_POST
def seat_replace(request, pk, seat_pk):
    meeting = office_meeting(request, pk)
    seat = get_object_or_404(meeting.seats, pk=seat_pk)
    return act(
        request,
        lambda: services.draw_replacement(actor=request.user, seat=seat),
        success=_("A replacement has been drawn."),
        then=_back(meeting),
    )


@login_required
@require_POST
def meeting_recuse(request, pk):
    meeting = office_meeting(request, pk)
    form = RecuseForm(request.POST, meeting=meeting)
    return post_form(
        request,
        form,
        lambda: services.recuse_expert(actor=request.user, **form.cleaned_data),
        success=_("The expert is recused from the candidate."),
        then=_back(meeting),
        failed=lambda: _panel_page(request, meeting, recuse_form=form, status=400),
    )


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = office_meeting(request, pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    return post_form(
        request,
        form,
        lambda: review_services.record_attendance(
            actor=request.user, meeting=meeting, present_seats=form.cleaned_data["seats"]
        ),
        success=_("Attendance has been recorded."),
        then=_back(meeting),
        failed=lambda: _panel_page(request, meeting, attendance_form=form, status=400),
    )


# --- the expert's own seat ----------------------------------------------------------------


def _seat_page(request, seat, *, status=200, **failed):
    """An expert's seat: the commitment, the decline form while it is unsigned, and once signed
    the roster with the form to declare an interest in a candidate; new forms, or in place of
    one, the form that came back with problems (`failed`, e.g. decline_form=form)."""
    accepted = seat.status == PanelSeat.Status.ACCEPTED
    moves = open_meeting_moves(seat.meeting, request.user)
    forms = {}
    if seat.status == PanelSeat.Status.PENDING:
        forms["decline_form"] = DeclineForm()
    if moves.declare_interest and permissions.may_declare_candidate_interest(request.user, seat):
        forms["interest_form"] = CandidateInterestForm(candidates=seat.meeting.candidates.all())
    return render(
        request,
        "juries/seat_detail.html",
        {
            "seat": seat,
            "moves": moves,
            "commitment": services.COMMITMENT_TEXT,
            "SeatStatus": PanelSeat.Status,
            # The roster is shown only after the commitment, so that interests can be declared.
            "candidates": selectors.meeting_candidates(seat.meeting) if accepted else [],
            "reviews": selectors.review_candidates(request.user).filter(meeting=seat.meeting)
            if accepted
            else [],
            **page_forms(request, forms, failed),
        },
        status=status,
    )


@login_required
def seat_detail(request, pk):
    seat = get_object_or_404(selectors.expert_seats(request.user), pk=pk)
    if request.method != "POST":
        return _seat_page(request, seat)
    action = request.POST.get("action")
    then = reverse("juries:seat_detail", args=[seat.pk])
    if action == "decline":
        form = DeclineForm(request.POST)
        return post_form(
            request,
            form,
            lambda: services.decline_seat(actor=request.user, seat=seat, **form.cleaned_data),
            success=_("You have declined; the office will draw a replacement."),
            then=then,
            failed=lambda: _seat_page(request, seat, decline_form=form, status=400),
        )
    if action == "interest":
        form = CandidateInterestForm(request.POST, candidates=seat.meeting.candidates.all())
        return post_form(
            request,
            form,
            lambda: expert_services.declare_interest(
                actor=request.user, expert=seat.expert, **form.cleaned_data
            ),
            success=_("Your interest is recorded and you are recused from the candidate."),
            then=then,
            failed=lambda: _seat_page(request, seat, interest_form=form, status=400),
        )
    if action == "sign":
        return act(
            request,
            lambda: services.sign_commitment(actor=request.user, seat=seat),
            success=_("You have signed the review-discipline commitment."),
            then=then,
        )
    return redirect(then)
