"""Pages after the confirmation: publishing the passed list, the public result publicity with
its objection form, the office's objections and re-examination requests, and the applicant's
own results."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import attempt
from core.pages import act, form_page, post_form
from juries import permissions, selectors
from juries.forms import (
    AnswerForm,
    DecideObjectionForm,
    ObjectionForm,
    PublishForm,
    ReexaminationForm,
)
from juries.models import Objection, ReexaminationRequest, ResultPublicity
from juries.services import publicity as services
from juries.views.common import office_meeting, row_forms
from titles.working_days import describe_days_window


def _published(publicity) -> str:
    return _("The passed list is public %(window)s.") % {
        "window": describe_days_window(publicity.starts_on, publicity.ends_on)
    }


@login_required
def meeting_publish(request, pk):
    meeting = office_meeting(request, pk)
    form = PublishForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    return form_page(
        request,
        "juries/publish.html",
        {"meeting": meeting},
        form=form,
        action=lambda: services.publish_results(
            actor=request.user, meeting=meeting, **form.cleaned_data
        ),
        success=_published,
        then=reverse("juries:meeting_detail", args=[meeting.pk]),
    )


@login_required
@require_POST
def publicity_close(request, pk):
    """ "Close the publicity now": the office's hand on the nightly task, once the last day has
    passed."""
    meeting = office_meeting(request, pk)
    publicity = get_object_or_404(ResultPublicity, meeting=meeting)
    return act(
        request,
        lambda: services.close_publicity_now(actor=request.user, publicity=publicity),
        success=lambda closed: (
            _("The publicity is closed: its declarations are ready for filing.")
            if closed
            else _("The publicity was already closed; nothing changed.")
        ),
        then=reverse("juries:meeting_detail", args=[meeting.pk]),
    )


# --- objections and re-examination (office) -----------------------------------------------


def _office_list(request, template, name, items):
    """One of the office's lists of things to answer (objections, re-examination requests)."""
    if not permissions.works_in_a_jury_office(request.user):
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
    return form_page(
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
    return form_page(
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


# --- applicants ---------------------------------------------------------------------------


def _reexamination_form(candidate, data=None) -> ReexaminationForm:
    return ReexaminationForm(data, auto_id=f"reexamination-{candidate.pk}-%s")


def _offered_reexamination_form(candidate) -> ReexaminationForm | None:
    # Offered only where the service would take the request: no form for a pass, nor while
    # an earlier request is handled.
    if services.reexamination_refusal(candidate):
        return None
    return _reexamination_form(candidate)


def _results_page(request, *, failed=None, status=200):
    """The applicant's results, each with its form to ask for a re-examination where one can
    be asked: a new one, or for the result whose request came back with problems, that bound
    form (`failed`)."""
    results = row_forms(
        request, selectors.applicant_results(request.user), _offered_reexamination_form, failed
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
    return post_form(
        request,
        form,
        lambda: services.request_reexamination(
            actor=request.user, candidate=candidate, **form.cleaned_data
        ),
        success=_("Your request has been sent to the jury office."),
        then=reverse("juries:my_results"),
        failed=lambda: _results_page(request, failed=(candidate, form), status=400),
    )


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
    if request.method == "POST":
        filed = attempt(
            request,
            lambda: services.file_objection(publicity=publicity, **form.cleaned_data),
            form=form,
        )
        if filed:
            return render(
                request,
                "publicity/objection_filed.html",
                {"publicity": publicity, "objection": filed.value},
            )
    return render(
        request,
        "publicity/detail.html",
        {"publicity": publicity, "candidates": candidates, "form": form, "is_open": is_open},
        status=400 if form.is_bound else 200,
    )
