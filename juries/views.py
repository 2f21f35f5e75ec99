"""Browser pages for jury offices, HR bureaus, observers, experts and applicants, and the
public result-publicity pages. Objects come from the selectors, scoped to the reader (a
stranger gets 404); every change goes through one service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.spreadsheets import XLSX_CONTENT_TYPE
from juries import selectors, services
from juries.forms import (
    AnswerForm,
    ApproveJuryForm,
    ApproveMeetingForm,
    AssessmentForm,
    AssignForm,
    AttendanceForm,
    BallotForm,
    CandidateInterestForm,
    DecideObjectionForm,
    DeclineForm,
    ExpertForm,
    InterestForm,
    JuryForm,
    MeetingForm,
    ObjectionForm,
    PublishForm,
    ReasonForm,
    RecuseForm,
    ReexaminationForm,
    RemoveExpertForm,
    add_service_errors,
)
from juries.models import (
    Ballot,
    Candidate,
    Expert,
    ExpertInterest,
    Objection,
    PanelDraw,
    PanelSeat,
    ReexaminationRequest,
    ResultPublicity,
    ReviewMeeting,
)
from juries.roster import roster_workbook

MS = ReviewMeeting.Status


def _tell(request, form) -> None:
    """A form's problems as messages, for when the page no longer shows the form."""
    for errors in form.errors.values():
        for text in errors:
            messages.error(request, text)


def _attempt(request, action, success: str, form=None) -> bool:
    """Run a service and show its success message. With a form, only once the form is valid,
    and a refusal goes onto the form, each error next to the field it names; without one (a
    plain button), the refusal becomes a message."""
    if form is not None and not form.is_valid():
        return False
    try:
        action()
    except ValidationError as error:
        if form is None:
            for text in error.messages:
                messages.error(request, text)
        else:
            add_service_errors(form, error)
        return False
    messages.success(request, success)
    return True


def _forms(request, shown: dict, failed: dict) -> dict:
    """A page's forms: the new ones it shows, with a form that came back with problems in place
    of its new one (what was typed kept). When the page no longer shows that form (the action
    closed meanwhile), its problems become messages so that they are still read."""
    for name, form in failed.items():
        if name in shown:
            shown[name] = form
        else:
            _tell(request, form)
    return shown


def _row_forms(request, items, new_form, failed=None) -> list:
    """Each item of a list with its own form, as (item, form): a new one (None where the item
    has no form), or for the item whose form came back with problems, that bound form."""
    failed_item, failed_form = failed or (None, None)
    rows = []
    for item in items:
        form = new_form(item)
        if form is not None and failed_item is not None and item.pk == failed_item.pk:
            form, failed_form = failed_form, None
        rows.append((item, form))
    if failed_form is not None:
        _tell(request, failed_form)
    return rows


def _form_page(request, template, context, *, form, action, success, then, shown=True):
    """A page with one form: a valid POST runs the service and goes on to `then`; a form with
    problems comes back with them next to its fields (status 400), what was typed kept."""
    if request.method == "POST" and _attempt(request, action, success, form):
        return redirect(then)
    if form.errors and not shown:
        _tell(request, form)
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


def _meeting(request, pk) -> ReviewMeeting:
    return get_object_or_404(selectors.visible_meetings(request.user), pk=pk)


def _office_meeting(request, pk) -> ReviewMeeting:
    meeting = _meeting(request, pk)
    if not selectors.is_office_staff(request.user, meeting.jury):
        raise PermissionDenied(_("Only the staff of this jury's office may do this."))
    return meeting


# --- juries -------------------------------------------------------------------------------


@login_required
def jury_list(request):
    juries = selectors.visible_juries(request.user).order_by("name")
    form = JuryForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            jury = services.create_jury(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The jury has been set up; it needs the bureau's approval.")
            )
            return redirect("juries:jury_detail", pk=jury.pk)
    can_create = form.fields["office"].queryset.exists()
    return render(
        request,
        "juries/jury_list.html",
        {"juries": juries, "form": form, "can_create": can_create},
        status=400 if form.errors else 200,
    )


def _remove_expert_form(expert, data=None) -> RemoveExpertForm:
    return RemoveExpertForm(data, auto_id=f"remove-{expert.pk}-%s")


def _jury_page(request, jury, *, removing=None, status=200, **failed):
    """The jury's page with its expert library and the forms open to the reader: new ones, or
    in place of one, the form that came back with problems (`failed`, e.g. expert_form=form,
    or `removing`=(expert, form) for one expert's removal)."""
    is_office = selectors.is_office_staff(request.user, jury)
    forms = {}
    if is_office:
        forms["expert_form"] = ExpertForm(jury=jury)
    if selectors.oversees(request.user, jury):
        forms["approve_form"] = ApproveJuryForm()
    experts = _row_forms(
        request,
        selectors.jury_library(jury),
        lambda expert: _remove_expert_form(expert) if is_office and expert.is_active else None,
        removing,
    )
    return render(
        request,
        "juries/jury_detail.html",
        {
            "jury": jury,
            "experts": experts,
            "is_office": is_office,
            **_forms(request, forms, failed),
        },
        status=status,
    )


@login_required
def jury_detail(request, pk):
    jury = get_object_or_404(selectors.visible_juries(request.user), pk=pk)
    if request.method != "POST":
        return _jury_page(request, jury)
    if request.POST.get("action") == "approve":
        if not selectors.oversees(request.user, jury):
            raise PermissionDenied
        form = ApproveJuryForm(request.POST)
        if _attempt(
            request,
            lambda: services.approve_jury(actor=request.user, jury=jury, **form.cleaned_data),
            _("The jury is approved."),
            form,
        ):
            return redirect("juries:jury_detail", pk=jury.pk)
        return _jury_page(request, jury, approve_form=form, status=400)
    if not selectors.is_office_staff(request.user, jury):
        raise PermissionDenied
    form = ExpertForm(request.POST, jury=jury)
    if _attempt(
        request,
        lambda: services.add_expert(actor=request.user, jury=jury, **form.cleaned_data),
        _("The expert has been added to the library."),
        form,
    ):
        return redirect("juries:jury_detail", pk=jury.pk)
    return _jury_page(request, jury, expert_form=form, status=400)


@login_required
@require_POST
def expert_remove(request, pk):
    expert = get_object_or_404(
        Expert.objects.select_related("jury", "user"),
        pk=pk,
        jury__in=selectors.office_juries(request.user),
    )
    form = _remove_expert_form(expert, request.POST)
    if _attempt(
        request,
        lambda: services.remove_expert(
            actor=request.user, expert=expert, reason=form.cleaned_data["reason"]
        ),
        _("%(name)s has left the library.") % {"name": expert.user},
        form,
    ):
        return redirect("juries:jury_detail", pk=expert.jury_id)
    return _jury_page(request, expert.jury, removing=(expert, form), status=400)


# --- meetings -----------------------------------------------------------------------------


@login_required
def meeting_list(request):
    meetings = selectors.visible_meetings(request.user).order_by("-held_on", "-pk")
    return render(
        request,
        "juries/meeting_list.html",
        {
            "meetings": meetings,
            "awaiting": selectors.meetings_awaiting_approval(request.user),
            "can_create": selectors.office_juries(request.user).exists(),
        },
    )


@login_required
def meeting_create(request):
    if not selectors.office_juries(request.user).exists():
        raise PermissionDenied(_("Only jury office staff create review meetings."))
    form = MeetingForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The meeting has been created: put its candidates on the roster.")
            )
            return redirect("juries:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "juries/meeting_form.html",
        {"form": form, "lead_days": settings.MEETING_APPLICATION_WORKING_DAYS},
        status=400 if form.errors else 200,
    )


def _meeting_page(request, meeting, *, status=200, **failed):
    """The meeting's page with the forms open to the reader: new ones, or in place of one, the
    form that came back with problems (`failed`, e.g. return_form=form)."""
    user = request.user
    is_office = selectors.is_office_staff(user, meeting.jury)
    is_bureau = selectors.oversees(user, meeting.jury)
    publicity = ResultPublicity.objects.filter(meeting=meeting).first()
    forms = {}
    if is_office and meeting.is_editable:
        forms["assign_form"] = AssignForm(queryset=selectors.assignable_declarations(meeting))
    if is_bureau and meeting.status == MS.APPLIED:
        forms["approve_form"] = ApproveMeetingForm(meeting=meeting)
        forms["return_form"] = ReasonForm()
    context = {
        "meeting": meeting,
        "Status": MS,
        "is_office": is_office,
        "is_bureau": is_bureau,
        "may_see_panel": selectors.may_see_panel(user, meeting),
        "candidates": selectors.meeting_candidates(meeting),
        "ballot": Ballot.objects.filter(meeting=meeting).first(),
        "tallied": selectors.tallied_candidates(meeting),
        "publicity": publicity,
        "lead_days": settings.MEETING_APPLICATION_WORKING_DAYS,
        "may_publish": is_office and meeting.status == MS.CONFIRMED and publicity is None,
        **_forms(request, forms, failed),
    }
    if is_office and meeting.status == MS.APPROVED and meeting.drawn_at:
        context["quorum"] = services.quorum_state(meeting)
    return render(request, "juries/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request, pk):
    return _meeting_page(request, _meeting(request, pk))


@login_required
@require_POST
def meeting_assign(request, pk):
    meeting = _office_meeting(request, pk)
    form = AssignForm(request.POST, queryset=selectors.assignable_declarations(meeting))
    if _attempt(
        request,
        lambda: services.assign_candidates(
            actor=request.user, meeting=meeting, declarations=form.cleaned_data["declarations"]
        ),
        _("The candidates are on the roster."),
        form,
    ):
        return redirect("juries:meeting_detail", pk=meeting.pk)
    return _meeting_page(request, meeting, assign_form=form, status=400)


@login_required
@require_POST
def candidate_remove(request, pk, candidate_pk):
    meeting = _office_meeting(request, pk)
    candidate = get_object_or_404(meeting.candidates, pk=candidate_pk)
    _attempt(
        request,
        lambda: services.remove_candidate(actor=request.user, candidate=candidate),
        _("The candidate has been taken off the roster."),
    )
    return redirect("juries:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_apply(request, pk):
    meeting = _office_meeting(request, pk)
    _attempt(
        request,
        lambda: services.apply_for_meeting(actor=request.user, meeting=meeting),
        _("The application has been sent to the HR bureau."),
    )
    return redirect("juries:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_approve(request, pk):
    meeting = _meeting(request, pk)
    form = ApproveMeetingForm(request.POST, meeting=meeting)
    if _attempt(
        request,
        lambda: services.approve_meeting(actor=request.user, meeting=meeting, **form.cleaned_data),
        _("The meeting is approved."),
        form,
    ):
        return redirect("juries:meeting_detail", pk=meeting.pk)
    return _meeting_page(request, meeting, approve_form=form, status=400)


@login_required
@require_POST
def meeting_return(request, pk):
    meeting = _meeting(request, pk)
    form = ReasonForm(request.POST)
    if _attempt(
        request,
        lambda: services.return_meeting(
            actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
        ),
        _("The meeting has been returned to the office."),
        form,
    ):
        return redirect("juries:meeting_detail", pk=meeting.pk)
    return _meeting_page(request, meeting, return_form=form, status=400)


@login_required
def meeting_roster(request, pk):
    meeting = _meeting(request, pk)
    if not (
        selectors.is_office_staff(request.user, meeting.jury)
        or selectors.oversees(request.user, meeting.jury)
    ):
        raise PermissionDenied
    response = HttpResponse(roster_workbook(meeting), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="roster-{meeting.pk}.xlsx"'
    return response


# --- the sealed panel ---------------------------------------------------------------------


def _panel_page(request, meeting, *, status=200, **failed):
    """The sealed panel with the office's roll call and recusal forms: new ones, or in place of
    one, the form that came back with problems (`failed`, e.g. recuse_form=form)."""
    is_office = selectors.is_office_staff(request.user, meeting.jury)
    draws = [
        (record, services.replay_draw(record) == record.result)
        for record in meeting.draws.order_by("drawn_at", "pk")
    ]
    replaced = set(
        PanelDraw.objects.filter(meeting=meeting, replaced_seat__isnull=False).values_list(
            "replaced_seat_id", flat=True
        )
    )
    forms = {}
    if is_office and meeting.status == MS.APPROVED:
        forms["attendance_form"] = AttendanceForm(
            meeting=meeting, initial={"seats": meeting.seats.filter(attended=True)}
        )
        forms["recuse_form"] = RecuseForm(meeting=meeting)
    context = {
        "meeting": meeting,
        "Status": MS,
        "is_office": is_office,
        "seats": selectors.sealed_panel(meeting),
        "replaced": replaced,
        "draws": draws,
        "recusals": selectors.meeting_recusals(meeting),
        **_forms(request, forms, failed),
    }
    if is_office and meeting.status == MS.APPROVED:
        context["quorum"] = services.quorum_state(meeting)
    return render(request, "juries/meeting_panel.html", context, status=status)


@login_required
def meeting_panel(request, pk):
    meeting = _meeting(request, pk)
    if not selectors.may_see_panel(request.user, meeting):
        raise Http404
    return _panel_page(request, meeting)


@login_required
@require_POST
def meeting_draw(request, pk):
    meeting = _office_meeting(request, pk)
    _attempt(
        request,
        lambda: services.draw_panel(actor=request.user, meeting=meeting),
        _("The panel has been drawn. The drawn experts have been told privately."),
    )
    return redirect("juries:meeting_panel", pk=meeting.pk)


@login_required
@require_POST
def seat_replace(request, pk, seat_pk):
    meeting = _office_meeting(request, pk)
    seat = get_object_or_404(meeting.seats, pk=seat_pk)
    _attempt(
        request,
        lambda: services.draw_replacement(actor=request.user, seat=seat),
        _("A replacement has been drawn."),
    )
    return redirect("juries:meeting_panel", pk=meeting.pk)


@login_required
@require_POST
def meeting_recuse(request, pk):
    meeting = _office_meeting(request, pk)
    form = RecuseForm(request.POST, meeting=meeting)
    if _attempt(
        request,
        lambda: services.recuse_expert(actor=request.user, **form.cleaned_data),
        _("The expert is recused from the candidate."),
        form,
    ):
        return redirect("juries:meeting_panel", pk=meeting.pk)
    return _panel_page(request, meeting, recuse_form=form, status=400)


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _office_meeting(request, pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    if _attempt(
        request,
        lambda: services.record_attendance(
            actor=request.user, meeting=meeting, present_seats=form.cleaned_data["seats"]
        ),
        _("Attendance has been recorded."),
        form,
    ):
        return redirect("juries:meeting_panel", pk=meeting.pk)
    return _panel_page(request, meeting, attendance_form=form, status=400)


@login_required
def meeting_scores(request, pk):
    meeting = _office_meeting(request, pk)
    return render(
        request,
        "juries/meeting_scores.html",
        {
            "meeting": meeting,
            "summaries": selectors.score_summaries(meeting),
            "spread_limit": settings.SCORE_DISAGREEMENT_SPREAD,
        },
    )


# --- ballot, result, minutes --------------------------------------------------------------


@login_required
@require_POST
def ballot_open(request, pk):
    meeting = _office_meeting(request, pk)
    _attempt(
        request,
        lambda: services.open_ballot(actor=request.user, meeting=meeting),
        _("The ballot is open."),
    )
    return redirect("juries:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def ballot_close(request, pk):
    meeting = _office_meeting(request, pk)
    _attempt(
        request,
        lambda: services.close_ballot(actor=request.user, meeting=meeting),
        _("The ballot is closed and tallied; the chair confirms the result."),
    )
    return redirect("juries:meeting_detail", pk=meeting.pk)


def _presiding_meeting(request, pk) -> ReviewMeeting:
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("jury", "plan"), pk=pk)
    seat = services.presiding_seat(meeting)
    if seat is None or seat.expert.user_id != request.user.pk:
        raise Http404
    return meeting


@login_required
def confirm(request, pk):
    meeting = _presiding_meeting(request, pk)
    if request.method == "POST" and _attempt(
        request,
        lambda: services.confirm_result(actor=request.user, meeting=meeting),
        _("The result is confirmed and the minutes are kept."),
    ):
        return redirect("juries:minutes", pk=meeting.pk)
    tallies = [(c, services.tally_of(c)) for c in selectors.tallied_candidates(meeting)]
    return render(
        request,
        "juries/confirm.html",
        {"meeting": meeting, "tallies": tallies, "Status": MS},
        status=400 if request.method == "POST" else 200,  # a POST here was refused
    )


@login_required
def minutes(request, pk):
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("jury"), pk=pk)
    seat = services.presiding_seat(meeting)
    allowed = selectors.may_see_panel(request.user, meeting) or (
        seat and seat.expert.user_id == request.user.pk
    )
    record = getattr(meeting, "minutes", None) if allowed else None
    if record is None:
        raise Http404
    return render(
        request,
        "juries/minutes.html",
        {
            "meeting": meeting,
            "minutes": record,
            "content": record.content,
            "intact": services.minutes_digest(record.content) == record.digest,
        },
    )


@login_required
def meeting_publish(request, pk):
    meeting = _office_meeting(request, pk)
    form = PublishForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            publicity = services.publish_results(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The passed list is public from %(start)s to %(end)s.")
                % {
                    "start": date_format(publicity.starts_on),
                    "end": date_format(publicity.ends_on),
                },
            )
            return redirect("juries:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "juries/publish.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


# --- objections and re-examination (office) -----------------------------------------------


def _office_list(request, template, name, items):
    """One of the office's lists of things to answer (objections, re-examination requests)."""
    if not selectors.office_ids(request.user):
        raise PermissionDenied
    return render(request, template, {name: items[:200]})


@login_required
def objection_list(request):
    return _office_list(
        request,
        "juries/objection_list.html",
        "objections",
        selectors.office_objections(request.user),
    )


@login_required
def objection_detail(request, pk):
    objection = get_object_or_404(selectors.office_objections(request.user), pk=pk)
    form = DecideObjectionForm(request.POST or None)
    return _form_page(
        request,
        "juries/objection_detail.html",
        {"objection": objection, "Status": Objection.Status},
        form=form,
        action=lambda: services.decide_objection(
            actor=request.user, objection=objection, **form.cleaned_data
        ),
        success=_("The outcome has been recorded."),
        then=reverse("juries:objection_detail", args=[objection.pk]),
        shown=objection.status == Objection.Status.OPEN,
    )


@login_required
def reexamination_list(request):
    return _office_list(
        request,
        "juries/reexamination_list.html",
        "requests",
        selectors.office_reexaminations(request.user),
    )


@login_required
def reexamination_detail(request, pk):
    item = get_object_or_404(selectors.office_reexaminations(request.user), pk=pk)
    form = AnswerForm(request.POST or None)
    return _form_page(
        request,
        "juries/reexamination_detail.html",
        {"item": item, "Status": ReexaminationRequest.Status},
        form=form,
        action=lambda: services.answer_reexamination(
            actor=request.user, request=item, **form.cleaned_data
        ),
        success=_("The answer has been sent to the applicant."),
        then=reverse("juries:reexamination_detail", args=[item.pk]),
        shown=item.status == ReexaminationRequest.Status.OPEN,
    )


# --- experts ------------------------------------------------------------------------------


@login_required
def expert_home(request):
    seats = list(selectors.expert_seats(request.user))
    open_ballots = [
        seat
        for seat in seats
        if seat.status == PanelSeat.Status.ACCEPTED
        and seat.attended
        and seat.meeting.status == MS.BALLOT_OPEN
    ]
    return render(
        request,
        "juries/expert_home.html",
        {
            "seats": seats,
            "reviews": selectors.review_candidates(request.user),
            "open_ballots": open_ballots,
            "Status": MS,
            "SeatStatus": PanelSeat.Status,
        },
    )


def _seat_page(request, seat, *, status=200, **failed):
    """An expert's seat: the commitment, the decline form while it is unsigned, and once signed
    the roster with the form to declare an interest in a candidate; new forms, or in place of
    one, the form that came back with problems (`failed`, e.g. decline_form=form)."""
    accepted = seat.status == PanelSeat.Status.ACCEPTED
    forms = {}
    if seat.status == PanelSeat.Status.PENDING:
        forms["decline_form"] = DeclineForm()
    if accepted and seat.meeting.status == MS.APPROVED:
        forms["interest_form"] = CandidateInterestForm(candidates=seat.meeting.candidates.all())
    return render(
        request,
        "juries/seat_detail.html",
        {
            "seat": seat,
            "commitment": services.COMMITMENT_TEXT,
            "SeatStatus": PanelSeat.Status,
            "Status": MS,
            # The roster is shown only after the commitment, so that interests can be declared.
            "candidates": selectors.meeting_candidates(seat.meeting) if accepted else [],
            "reviews": selectors.review_candidates(request.user).filter(meeting=seat.meeting)
            if accepted
            else [],
            **_forms(request, forms, failed),
        },
        status=status,
    )


@login_required
def seat_detail(request, pk):
    seat = get_object_or_404(selectors.expert_seats(request.user), pk=pk)
    if request.method != "POST":
        return _seat_page(request, seat)
    action = request.POST.get("action")
    if action == "decline":
        form = DeclineForm(request.POST)
        if not _attempt(
            request,
            lambda: services.decline_seat(actor=request.user, seat=seat, **form.cleaned_data),
            _("You have declined; the office will draw a replacement."),
            form,
        ):
            return _seat_page(request, seat, decline_form=form, status=400)
    elif action == "interest":
        form = CandidateInterestForm(request.POST, candidates=seat.meeting.candidates.all())
        if not _attempt(
            request,
            lambda: services.declare_interest(
                actor=request.user, expert=seat.expert, **form.cleaned_data
            ),
            _("Your interest is recorded and you are recused from the candidate."),
            form,
        ):
            return _seat_page(request, seat, interest_form=form, status=400)
    elif action == "sign":
        _attempt(
            request,
            lambda: services.sign_commitment(actor=request.user, seat=seat),
            _("You have signed the review-discipline commitment."),
        )
    return redirect("juries:seat_detail", pk=seat.pk)


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
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_assessment(
                actor=request.user,
                candidate=candidate,
                opinion=form.cleaned_data["opinion"],
                scores=form.scores(),
                defense_score=form.cleaned_data.get("defense_score"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your opinion and scores are saved."))
            return redirect("juries:review_detail", pk=candidate.pk)
    is_open = candidate.meeting.status == MS.APPROVED
    if form.errors and not is_open:
        _tell(request, form)
    return render(
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
            "form": form,
            "open": is_open,
        },
        status=400 if form.errors else 200,
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


@login_required
def ballot_paper(request, pk):
    meeting = get_object_or_404(ReviewMeeting, pk=pk)
    seat = selectors.expert_seat(request.user, meeting)
    if seat is None:
        raise Http404
    rows = selectors.ballot_candidates(seat)
    pending = [candidate for candidate, voted in rows if not voted]
    form = BallotForm(request.POST or None, candidates=pending)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.cast_votes(actor=request.user, meeting=meeting, choices=form.choices())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Your ballot has been cast: %(count)d vote.",
                    "Your ballot has been cast: %(count)d votes.",
                    count,
                )
                % {"count": count},
            )
            return redirect("juries:ballot", pk=meeting.pk)
    is_open = meeting.status == MS.BALLOT_OPEN
    if form.errors and not (is_open and seat.attended and form.fields):
        _tell(request, form)
    return render(
        request,
        "juries/ballot.html",
        {
            "meeting": meeting,
            "seat": seat,
            "form": form,
            "voted": [c for c, v in rows if v],
            "is_open": is_open,
        },
        status=400 if form.errors else 200,
    )


@login_required
def interests(request):
    seats = list(Expert.objects.filter(user=request.user, is_active=True).select_related("jury"))
    if not seats:
        raise PermissionDenied(_("Only experts declare interests."))
    form = InterestForm(request.POST or None)

    def declare():
        # One declaration for each library the expert sits in: all of them, or none.
        with transaction.atomic():
            for expert in seats:
                services.declare_interest(actor=request.user, expert=expert, **form.cleaned_data)

    return _form_page(
        request,
        "juries/interests.html",
        {"interests": selectors.expert_interests(request.user)},
        form=form,
        action=declare,
        success=_("Your interest is recorded; it is excluded in every draw."),
        then=reverse("juries:interests"),
    )


@login_required
@require_POST
def interest_withdraw(request, pk):
    interest = get_object_or_404(ExpertInterest, pk=pk, expert__user=request.user)
    _attempt(
        request,
        lambda: services.withdraw_interest(actor=request.user, interest=interest),
        _("The interest has been withdrawn."),
    )
    return redirect("juries:interests")


# --- applicants ---------------------------------------------------------------------------


def _reexamination_form(candidate, data=None) -> ReexaminationForm:
    return ReexaminationForm(data, auto_id=f"reexamination-{candidate.pk}-%s")


def _results_page(request, *, failed=None, status=200):
    """The applicant's results, each with its form to ask for a re-examination: a new one, or
    for the result whose request came back with problems, that bound form (`failed`)."""
    results = _row_forms(
        request, selectors.applicant_results(request.user), _reexamination_form, failed
    )
    return render(request, "juries/my_results.html", {"results": results}, status=status)


@login_required
def my_results(request):
    return _results_page(request)


@login_required
@require_POST
def reexamination_request(request, pk):
    candidate = get_object_or_404(selectors.applicant_results(request.user), pk=pk)
    form = _reexamination_form(candidate, request.POST)
    if _attempt(
        request,
        lambda: services.request_reexamination(
            actor=request.user, candidate=candidate, **form.cleaned_data
        ),
        _("Your request has been sent to the jury office."),
        form,
    ):
        return redirect("juries:my_results")
    return _results_page(request, failed=(candidate, form), status=400)


# --- the public pages (no sign-in) --------------------------------------------------------


def public_list(request):
    return render(
        request,
        "publicity/list.html",
        {"publicities": selectors.public_publicities(), "today": timezone.localdate()},
    )


def public_detail(request, public_id):
    publicity = get_object_or_404(
        selectors.public_publicities().select_related("meeting__jury__office"), public_id=public_id
    )
    candidates = selectors.publicized_candidates(publicity)
    today = timezone.localdate()
    is_open = publicity.closed_at is None and publicity.starts_on <= today <= publicity.ends_on
    form = ObjectionForm(
        request.POST or None, candidates=candidates.filter(overturned_at__isnull=True)
    )
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.file_objection(publicity=publicity, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "publicity/objection_filed.html",
                {"publicity": publicity, "objection": objection},
            )
    return render(
        request,
        "publicity/detail.html",
        {"publicity": publicity, "candidates": candidates, "form": form, "is_open": is_open},
        status=400 if form.is_bound else 200,
    )
