"""Pages for juries and their expert libraries, and for the interests experts declare."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core.pages import act, form_page, next_url, post_form, tell
from core.per_item import ItemResult, run_each, tally
from core.saved_filters import register_list, saved_filters_context
from juries import permissions, selectors
from juries.expert_library import (
    BulkRemoveForm,
    BulkSelectionForm,
    LibraryFilterForm,
    search_library,
)
from juries.forms import ApproveJuryForm, ExpertForm, InterestForm, JuryForm
from juries.models import ExpertInterest, Jury
from juries.selectors import jury_library
from juries.services import experts as services
from juries.views.common import page_forms


@login_required
def jury_list(request):
    juries = selectors.visible_juries(request.user).order_by("name")
    form = JuryForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        "juries/jury_list.html",
        {"juries": juries, "can_create": form.fields["office"].queryset.exists()},
        form=form,
        action=lambda: services.create_jury(actor=request.user, **form.cleaned_data),
        success=_("The jury has been set up; it needs the bureau's approval."),
        then=lambda jury: reverse("juries:jury_detail", args=[jury.pk]),
    )


LIBRARY_PAGE_SIZE = 25
SORT_COLUMNS = [
    ("name", _lazy("Expert")),
    ("specialty", _lazy("Specialty")),
    ("level", _lazy("Title level")),
    ("employer", _lazy("Employer")),
    ("term", _lazy("Term")),
]


def _sort_links(request, current: str) -> list[dict]:
    """Each sortable column's heading: the address that sorts by it (ascending first, then
    the other way round) and how the list is sorted by it now, for aria-sort."""
    columns = []
    for key, label in SORT_COLUMNS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        direction = {key: "ascending", f"-{key}": "descending"}.get(current, "none")
        columns.append({"label": label, "url": f"?{query.urlencode()}", "aria_sort": direction})
    return columns


register_list("juries:jury_detail", ("q", "specialty", "organization", "status", "sort"))


def _jury_page(request, jury, *, status=200, **failed):
    """The jury's page with its expert library (searched, sorted, a page at a time) and the
    forms open to the reader: new ones, or in place of one, the form that came back with
    problems (`failed`, e.g. expert_form=form)."""
    is_office = permissions.is_office_staff(request.user, jury)
    forms = {}
    if is_office:
        forms["expert_form"] = ExpertForm(jury=jury)
    if permissions.oversees(request.user, jury):
        forms["approve_form"] = ApproveJuryForm()
    filters = LibraryFilterForm(request.GET)
    found = search_library(jury, filters.cleaned_data if filters.is_valid() else {})
    page = Paginator(found, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "juries/jury_detail.html",
        {
            "jury": jury,
            **saved_filters_context(request, "juries:jury_detail"),
            "page": page,
            "filters": filters,
            "filtered": filters.is_filtered(),
            "query": query.urlencode(),
            "columns": _sort_links(request, filters.cleaned_data.get("sort", "")),
            "is_office": is_office,
            **page_forms(request, forms, failed),
        },
        status=status,
    )


@login_required
def jury_detail(request, pk):
    jury = get_object_or_404(selectors.visible_juries(request.user), pk=pk)
    if request.method != "POST":
        return _jury_page(request, jury)
    then = reverse("juries:jury_detail", args=[jury.pk])
    if request.POST.get("action") == "approve":
        if not permissions.oversees(request.user, jury):
            raise PermissionDenied
        form = ApproveJuryForm(request.POST)
        return post_form(
            request,
            form,
            lambda: services.approve_jury(actor=request.user, jury=jury, **form.cleaned_data),
            success=_("The jury is approved."),
            then=then,
            failed=lambda: _jury_page(request, jury, approve_form=form, status=400),
        )
    if not permissions.is_office_staff(request.user, jury):
        raise PermissionDenied
    form = ExpertForm(request.POST, jury=jury)
    return post_form(
        request,
        form,
        lambda: services.add_expert(actor=request.user, jury=jury, **form.cleaned_data),
        success=_("The expert has been added to the library."),
        then=then,
        failed=lambda: _jury_page(request, jury, expert_form=form, status=400),
    )


def _office_jury(request, pk) -> Jury:
    jury = get_object_or_404(selectors.visible_juries(request.user), pk=pk)
    if not permissions.is_office_staff(request.user, jury):
        raise PermissionDenied(_("Only the staff of this jury's office may do this."))
    return jury


def _selected_experts(request, jury):
    """The experts ticked on the library page, or every one the posted search finds when
    "all matching" was chosen; None (with the form's problem as a message) when none."""
    if request.POST.get("all_matching"):
        filters = LibraryFilterForm(request.POST)
        return list(search_library(jury, filters.cleaned_data if filters.is_valid() else {}))
    form = BulkSelectionForm(request.POST, jury=jury)
    if not form.is_valid():
        tell(request, form)
        return None
    return list(form.cleaned_data["experts"])


@login_required
@require_POST
def expert_bulk(request, pk):
    """Remove many experts from the library: the selection first comes back as a preview of
    what will happen to each, with the reason to give; confirmed, each is removed through the
    one-expert service in a transaction of its own, and the page lists every outcome."""
    jury = _office_jury(request, pk)
    library = reverse("juries:jury_detail", args=[jury.pk])
    if request.POST.get("step") != "confirm":
        experts = _selected_experts(request, jury)
        if not experts:
            if experts is not None:
                messages.error(request, _("No expert matches the search."))
            return redirect(next_url(request, library))
        form = BulkRemoveForm(initial={"experts": [expert.pk for expert in experts]}, jury=jury)
        return _bulk_page(request, jury, experts=experts, form=form)
    form = BulkRemoveForm(request.POST, jury=jury)
    if not form.is_valid():
        experts = list(jury_library(jury).filter(pk__in=form["experts"].value() or []))
        return _bulk_page(request, jury, experts=experts, form=form, status=400)
    selected = form.cleaned_data["experts"]
    gone = [
        ItemResult(expert, False, _("Had already left the library; nothing changed."))
        for expert in selected
        if not expert.is_active
    ]
    results = run_each(
        [expert for expert in selected if expert.is_active],
        lambda expert: services.remove_expert(
            actor=request.user, expert=expert, reason=form.cleaned_data["reason"]
        ),
        success=_("Left the library."),
    )
    results += gone
    return render(
        request,
        "juries/expert_bulk.html",
        {"jury": jury, "results": results, **tally(results)},
    )


def _bulk_page(request, jury, *, experts, form, status=200):
    return render(
        request,
        "juries/expert_bulk.html",
        {
            "jury": jury,
            "experts": experts,
            "leaving": sum(1 for expert in experts if expert.is_active),
            "form": form,
        },
        status=status,
    )


@login_required
def interests(request):
    if not permissions.in_an_expert_library(request.user):
        raise PermissionDenied(_("Only experts declare interests."))
    form = InterestForm(request.POST or None)
    return form_page(
        request,
        "juries/interests.html",
        {"interests": selectors.expert_interests(request.user)},
        form=form,
        action=lambda: services.declare_standing_interest(actor=request.user, **form.cleaned_data),
        success=_("Your interest is recorded; it is excluded in every draw."),
        then=reverse("juries:interests"),
    )


@login_required
@require_POST
def interest_withdraw(request, pk):
    interest = get_object_or_404(ExpertInterest, pk=pk, expert__user=request.user)
    return act(
        request,
        lambda: services.withdraw_interest(actor=request.user, interest=interest),
        success=_("The interest has been withdrawn."),
        then=reverse("juries:interests"),
    )
