"""A person's own data (what is held, who saw it, download, erasure), and the bureau's record of
data accesses and its erasure decisions."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import act, form_page
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from privacy import exports, permissions, selectors, services
from privacy.erasure import erasure_plan
from privacy.erasure_workflow import ES, open_moves
from privacy.forms import AccessLogSearchForm, ErasureDecisionForm, ErasureRequestForm
from privacy.models import ErasureRequest

PAGE_SIZE = 50


@login_required
def my_data(request):
    accesses = Paginator(selectors.accesses_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    form = ErasureRequestForm(request.POST or None)
    for access in accesses:
        access.seen_by = selectors.seen_by_label(access)
    context = {
        "accesses": accesses,
        "requests": request.user.erasure_requests.order_by("-requested_at"),
        "open_request": request.user.erasure_requests.filter(status=ES.REQUESTED).first(),
    }
    return form_page(
        request,
        "privacy/my_data.html",
        context,
        form=form,
        action=lambda: services.request_erasure(
            person=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("Your request has been sent to the HR bureau, which will decide on it."),
        then=reverse("privacy:my_data"),
    )


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def my_data_json(request):
    data = selectors.personal_data_of(request.user)
    stamp = timezone.localdate().isoformat()
    return _download(exports.as_json(data), "application/json", f"my-data-{stamp}.json")


@login_required
def my_data_xlsx(request):
    data = selectors.personal_data_of(request.user)
    stamp = timezone.localdate().isoformat()
    return _download(exports.as_workbook(data), XLSX_CONTENT_TYPE, f"my-data-{stamp}.xlsx")


@require_POST
@login_required
def withdraw_request(request, pk):
    erasure = get_object_or_404(ErasureRequest, pk=pk, person=request.user)
    return act(
        request,
        lambda: services.withdraw_erasure_request(erasure=erasure, actor=request.user),
        success=_("Your request has been withdrawn."),
        then=reverse("privacy:my_data"),
    )


def _require_bureau(request):
    if not permissions.may_search_access_log(request.membership):
        raise Http404


@login_required
def access_log(request):
    _require_bureau(request)
    form = AccessLogSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    accesses = selectors.access_log_for(request.user, **filters)
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/access_log.html", {"form": form, "page": page})


@login_required
def erasure_requests(request):
    _require_bureau(request)
    requests = selectors.erasure_requests_for(request.user).order_by("status", "-requested_at")
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/erasure_requests.html", {"page": page})


@login_required
def erasure_request(request, pk):
    _require_bureau(request)
    erasure = get_object_or_404(selectors.erasure_requests_for(request.user), pk=pk)
    form = ErasureDecisionForm(request.POST or None)
    moves = open_moves(erasure, request.user)
    decision = request.POST.get("decision")
    context = {
        "erasure": erasure,
        "plan": erasure_plan(erasure.person) if erasure.status == ES.REQUESTED else None,
        "moves": moves,
    }
    if decision == "refuse":
        action = lambda: services.refuse_erasure(  # noqa: E731
            erasure=erasure, actor=request.user, reason=form.cleaned_data["reason"]
        )
        success = _("The request has been refused; the person has been told why.")
    else:
        action = lambda: services.erase_personal_data(  # noqa: E731
            erasure=erasure, actor=request.user, note=form.cleaned_data["reason"]
        )
        success = _("The person's data has been erased, except what the law keeps.")
    return form_page(
        request,
        "privacy/erasure_request.html",
        context,
        form=form,
        action=action,
        success=success,
        then=reverse("privacy:erasure_request", args=[erasure.pk]),
        shown=bool(moves),
    )
