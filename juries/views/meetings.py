"""Pages for review meetings: the list, creation, the roster, the application to the HR
bureau and its decision."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import act, form_page, post_form
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from juries import permissions, selectors
from juries.forms import ApproveMeetingForm, AssignForm, MeetingForm, ReasonForm
from juries.meeting_workflow import open_meeting_moves
from juries.models import Ballot, ResultPublicity
from juries.roster import roster_workbook
from juries.services import meetings as services
from juries.views.common import office_meeting, page_forms, visible_meeting


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
    return form_page(
        request,
        "juries/meeting_form.html",
        {"lead_days": settings.MEETING_APPLICATION_WORKING_DAYS},
        form=form,
        action=lambda: services.create_meeting(actor=request.user, **form.cleaned_data),
        success=_("The meeting has been created: put its candidates on the roster."),
        then=lambda meeting: reverse("juries:meeting_detail", args=[meeting.pk]),
    )


def _document_links(meeting, candidates, *, may_see_panel, may_download_roster) -> dict:
    """Which of the meeting's documents (juries/views/documents.py) the page offers. Among
    those who see this page, the predicates of juries.permissions for the documents come down
    to the panel's and the roster's, already asked: no query more."""
    may_download = may_see_panel or may_download_roster
    minutes_exist = may_download and selectors.has_minutes(meeting)
    groups = {c.group_id: c.group for c in candidates if c.group_id is not None}
    return {
        "may_download_summary": may_download_roster,
        "review_groups": list(groups.values()) if may_download_roster else [],
        "minutes_ready": may_see_panel and minutes_exist,
        "minutes_pdf_ready": minutes_exist,
        "may_download_supervision": may_download and meeting.observer_id is not None,
    }


def meeting_page(request, meeting, *, status=200, **failed):
    """The meeting's page with the moves and forms open to the reader: new forms, or in place
    of one, the form that came back with problems (`failed`, e.g. return_form=form)."""
    user = request.user
    moves = open_meeting_moves(meeting, user)
    may_see_panel = permissions.may_see_panel(user, meeting)
    may_download_roster = permissions.may_download_roster(user, meeting)
    candidates = list(selectors.meeting_candidates(meeting))
    publicity = ResultPublicity.objects.filter(meeting=meeting).first()
    forms = {}
    if moves.edit_roster:
        forms["assign_form"] = AssignForm(queryset=selectors.assignable_declarations(meeting))
    if moves.approve:
        forms["approve_form"] = ApproveMeetingForm(meeting=meeting)
        forms["return_form"] = ReasonForm()
    context = {
        "meeting": meeting,
        "moves": moves,
        "pending": open_meeting_moves(meeting),
        "is_office": permissions.is_office_staff(user, meeting.jury),
        "may_download_roster": may_download_roster,
        "may_see_panel": may_see_panel,
        **_document_links(
            meeting,
            candidates,
            may_see_panel=may_see_panel,
            may_download_roster=may_download_roster,
        ),
        "candidates": candidates,
        "ballot": Ballot.objects.filter(meeting=meeting).first(),
        "tallied": selectors.tallied_candidates(meeting),
        "publicity": publicity,
        "may_close_publicity": publicity is not None
        and permissions.may_close_publicity_now(user, publicity, timezone.localdate()),
        "lead_days": settings.MEETING_APPLICATION_WORKING_DAYS,
        **page_forms(request, forms, failed),
    }
    if moves.open_ballot:
        context["quorum"] = selectors.quorum_state(meeting)
    return render(request, "juries/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request, pk):
    return meeting_page(request, visible_meeting(request, pk))


def _back(meeting) -> str:
    return reverse("juries:meeting_detail", args=[meeting.pk])


@login_required
@require_POST
def meeting_assign(request, pk):
    meeting = office_meeting(request, pk)
    form = AssignForm(request.POST, queryset=selectors.assignable_declarations(meeting))
    return post_form(
        request,
        form,
        lambda: services.assign_candidates(
            actor=request.user, meeting=meeting, declarations=form.cleaned_data["declarations"]
        ),
        success=_("The candidates are on the roster."),
        then=_back(meeting),
        failed=lambda: meeting_page(request, meeting, assign_form=form, status=400),
    )


@login_required
@require_POST
def candidate_remove(request, pk, candidate_pk):
    meeting = office_meeting(request, pk)
    candidate = get_object_or_404(meeting.candidates, pk=candidate_pk)
    return act(
        request,
        lambda: services.remove_candidate(actor=request.user, candidate=candidate),
        success=_("The candidate has been taken off the roster."),
        then=_back(meeting),
    )


@login_required
@require_POST
def meeting_apply(request, pk):
    meeting = office_meeting(request, pk)
    return act(
        request,
        lambda: services.apply_for_meeting(actor=request.user, meeting=meeting),
        success=_("The application has been sent to the HR bureau."),
        then=_back(meeting),
    )


@login_required
@require_POST
def meeting_approve(request, pk):
    meeting = visible_meeting(request, pk)
    form = ApproveMeetingForm(request.POST, meeting=meeting)
    return post_form(
        request,
        form,
        lambda: services.approve_meeting(actor=request.user, meeting=meeting, **form.cleaned_data),
        success=_("The meeting is approved."),
        then=_back(meeting),
        failed=lambda: meeting_page(request, meeting, approve_form=form, status=400),
    )


@login_required
@require_POST
def meeting_return(request, pk):
    meeting = visible_meeting(request, pk)
    form = ReasonForm(request.POST)
    return post_form(
        request,
        form,
        lambda: services.return_meeting(
            actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
        ),
        success=_("The meeting has been returned to the office."),
        then=_back(meeting),
        failed=lambda: meeting_page(request, meeting, return_form=form, status=400),
    )


@login_required
def meeting_roster(request, pk):
    meeting = visible_meeting(request, pk)
    if not permissions.may_download_roster(request.user, meeting):
        raise PermissionDenied
    response = HttpResponse(roster_workbook(meeting), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="roster-{meeting.pk}.xlsx"'
    return response
