"""The declaration list (/declarations/): its filters, sort orders and pages, the search by a
whole ID number (posted, never in an address), saved filters, and moves of many declarations
chosen on it: preview, confirmation, results. Thin: applicants/list_search.py searches,
applicants/bulk.py previews and moves through the workflow."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from applicants import bulk, list_search, selectors
from applicants.forms import (
    BulkMoveForm,
    DeclarationFilterForm,
    IdNumberListSearchForm,
    SaveFilterForm,
)
from applicants.models import Declaration
from applicants.permissions import may_export_roster, roster_id_number_membership
from core.errors import attempt
from core.saved_filters import saved_filters_context
from jobs.services import start_job

PAGE_SIZE = 25
COLUMNS = (
    ("name", gettext_lazy("Applicant")),
    ("title", gettext_lazy("Title and specialty")),
    ("plan", gettext_lazy("Plan")),
    ("channel", gettext_lazy("Channel")),
    ("status", gettext_lazy("Status")),
    ("submitted", gettext_lazy("Submitted on")),
    ("updated", gettext_lazy("Last change")),
)
RESULTS_SESSION_KEY = "declaration_bulk_results"
RESULTS_KEPT = 5
# A preview lists at most this many declarations one by one; a bigger selection is checked
# item by item when its job runs.
PREVIEW_ROWS = 200


def _list_url(query: str = "") -> str:
    url = reverse("applicants:list")
    return f"{url}?{query}" if query else url


def _visible(request):
    membership = request.membership
    if membership is None:
        return Declaration.objects.none()
    return selectors.declaration_list_for_membership(membership)


# The roles whose lists come from a handful of units (their own, or a department's), who get
# the units to choose from; an office's or a bureau's list spans a city's thousands.
UNIT_CHOICE_ROLES = (Role.EMPLOYER_HR, Role.DEPARTMENT_REVIEWER)


def _filter_form(request, declarations, data):
    membership = request.membership
    offer_units = membership is not None and membership.role in UNIT_CHOICE_ROLES
    return DeclarationFilterForm(
        data, offer_units=offer_units, **list_search.filter_choices(declarations)
    )


def _matching(request, declarations, params):
    """The filter form of `params` and the declarations it matches; an `id_search` key this
    session does not know is dropped."""
    form = _filter_form(request, declarations, params or None)
    criteria = form.criteria()
    search = list_search.id_search_of(request, criteria.get("id_search"))
    matched = list_search.filtered(declarations, criteria, search.digest if search else "")
    return form, matched, search


@require_GET
@login_required
def declaration_list(request):
    """The declarations of the role the user acts in: the applicant's own, the unit's people,
    the department's units, the office's plans, the bureau's."""
    if request.GET.get("saved"):
        return _apply_saved_filter(request, request.GET["saved"])
    membership = request.membership
    declarations = _visible(request)
    filters, matched, id_search = _matching(request, declarations, request.GET)
    page = Paginator(matched, PAGE_SIZE).get_page(request.GET.get("page"))
    criteria = filters.criteria()
    chosen_plan = criteria.get("plan")
    roster_plan = (
        chosen_plan if chosen_plan and may_export_roster(request.user, chosen_plan) else None
    )
    query = list_search.filter_query(request.GET if id_search else _without_id(request.GET))
    is_applicant = membership is not None and membership.role == Role.APPLICANT
    moves = bulk.moves_for(membership)
    return render(
        request,
        "applicants/declaration_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "sort_columns": list_search.sort_columns(request.GET, COLUMNS),
            "filtered": bool(set(criteria) - {"sort"}) or id_search is not None,
            "id_search": id_search,
            "id_form": IdNumberListSearchForm(),
            **saved_filters_context(
                request,
                list_search.LIST_NAME,
                query=query,
                save_url=reverse("applicants:filter-save"),
            ),
            "moves": moves,
            "move_targets": [
                (move, move.stage.targets(membership)) for move in moves if move.stage
            ],
            "can_declare": is_applicant,
            "is_applicant": is_applicant,
            "roster_plan": roster_plan,
            "roster_with_id_numbers": roster_plan is not None
            and roster_id_number_membership(request.user, [membership], roster_plan) is not None,
        },
    )


def _without_id(params):
    params = params.copy()
    params.pop("id_search", None)
    return params


def _apply_saved_filter(request, pk):
    saved = get_object_or_404(list_search.saved_filters(request.user), pk=pk)
    query = list_search.saved_filter_query(request, saved)
    if saved.id_number_digest:
        search = list_search.id_search_of(request, QueryDict(query).get("id_search"))
        list_search.record_id_search(request, _visible(request), search)
    return redirect(_list_url(query))


@require_POST
@login_required
def id_number_search(request):
    """Search the list by a whole ID number: the number is matched by its digest, and the
    list's address names the search by a random key only."""
    form = IdNumberListSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the whole ID number to search by it."))
        return redirect(_list_url())
    search = list_search.search_by_id_number(
        request, _visible(request), form.cleaned_data["id_number"]
    )
    return redirect(_list_url(list_search.filter_query({}, id_search=search.key)))


@require_POST
@login_required
def saved_filter_save(request):
    form = SaveFilterForm(request.POST)
    query = request.POST.get("query", "")
    done = attempt(
        request,
        lambda: list_search.save_filter(
            request, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
        ),
        form=form,
        success=_("The filter is saved: pick it above the list."),
    )
    if not done:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_list_url(query))


# --- moves of many ------------------------------------------------------------------------


def _chosen_ids(request, declarations) -> list[int]:
    """The declarations chosen on the list: every one the list's filter matches, or the
    rows ticked (each must be one the acting role sees)."""
    if request.POST.get("scope") == "all":
        _form, matched, _search = _matching(
            request, declarations, QueryDict(request.POST.get("query", ""))
        )
        return list(matched.values_list("pk", flat=True))
    try:
        return list(dict.fromkeys(int(value) for value in request.POST.getlist("ids")))
    except ValueError:
        raise Http404 from None


@require_POST
@login_required
def bulk_preview(request):
    """What the chosen move would do to each chosen declaration, and the form to confirm."""
    membership = request.membership
    move = bulk.move_for(membership, request.POST.get("move", ""))
    query = request.POST.get("query", "")
    chosen_target = request.POST.get("target", "")
    if move.stage is not None and not chosen_target:
        messages.error(request, move.stage.missing_target)
        return redirect(_list_url(query))
    target = bulk.target_of(move, membership, chosen_target)
    ids = _chosen_ids(request, _visible(request))
    if not ids:
        messages.error(request, _("Tick the declarations to move first."))
        return redirect(_list_url(query))
    declarations = bulk.chosen_declarations(membership, ids)
    outcomes = bulk.preview(declarations[:PREVIEW_ROWS], move, request.user, target)
    movable = [outcome.declaration_id for outcome in outcomes if outcome.outcome == bulk.MOVED]
    movable += [declaration.pk for declaration in declarations[PREVIEW_ROWS:]]
    form = BulkMoveForm(
        initial={"move": move.name, "ids": ",".join(map(str, movable)), "target": chosen_target}
    )
    return _preview_page(
        request, move, outcomes, form, query, total=len(declarations), target=target
    )


def _preview_page(request, move, outcomes, form, query, *, total, target=None, status=200):
    movable = sum(outcome.outcome == bulk.MOVED for outcome in outcomes)
    return render(
        request,
        "applicants/bulk_preview.html",
        {
            "move": move,
            "target": target,
            "outcomes": outcomes,
            "form": form,
            "query": query,
            "total": total,
            "unchecked": max(0, total - len(outcomes)),
            "will_move": movable + max(0, total - len(outcomes)),
            "skipped": len(outcomes) - movable,
            "in_background": movable + max(0, total - len(outcomes)) > bulk.background_threshold(),
            "threshold": bulk.background_threshold(),
        },
        status=status,
    )


@require_POST
@login_required
def bulk_confirm(request):
    """Make the confirmed move: at once up to the threshold, else as a background job."""
    membership = request.membership
    form = BulkMoveForm(request.POST)
    move = bulk.move_for(membership, request.POST.get("move", ""))
    query = request.POST.get("query", "")
    if form.is_valid() and move.needs_commitment and not form.cleaned_data["commitment"]:
        form.add_error(
            "commitment",
            _("Confirm the unit's commitment that the materials were checked and are true."),
        )
    target = bulk.target_of(move, membership, request.POST.get("target", ""))
    if not form.is_valid():
        if "ids" in form.errors:
            messages.error(request, form.errors["ids"][0])
            return redirect(_list_url(query))
        declarations = bulk.chosen_declarations(membership, form.cleaned_data["ids"])
        outcomes = bulk.preview(declarations[:PREVIEW_ROWS], move, request.user, target)
        return _preview_page(
            request,
            move,
            outcomes,
            form,
            query,
            total=len(declarations),
            target=target,
            status=400,
        )
    declarations = bulk.chosen_declarations(membership, form.cleaned_data["ids"])
    options = {
        "reason": form.cleaned_data["reason"],
        "commitment": bool(form.cleaned_data["commitment"]),
        "contact": form.cleaned_data["contact"].strip(),
    }
    if len(declarations) > bulk.background_threshold():
        job = start_job(
            kind="applicants.bulk_move",
            user=request.user,
            membership=membership,
            params={
                "move": move.name,
                "membership": membership.pk,
                "ids": [declaration.pk for declaration in declarations],
                "target": form.cleaned_data["target"],
                **options,
            },
        )
        return redirect(job)
    outcomes = bulk.perform(declarations, move, actor=request.user, target=target, **options)
    key = _keep_results(request, move, outcomes, query)
    return redirect("applicants:bulk-results", key=key)


def _keep_results(request, move, outcomes, query) -> str:
    key = secrets.token_urlsafe(9)
    kept = dict(request.session.get(RESULTS_SESSION_KEY, {}))
    kept[key] = {"move": move.name, "query": query, **bulk.summary(outcomes)}
    request.session[RESULTS_SESSION_KEY] = dict(list(kept.items())[-RESULTS_KEPT:])
    return key


@require_GET
@login_required
def bulk_results(request, key):
    results = request.session.get(RESULTS_SESSION_KEY, {}).get(key)
    if results is None:
        raise Http404
    move = bulk.BULK_MOVES[results["move"]]
    return render(
        request,
        "applicants/bulk_results.html",
        {"move": move, "results": results, "back_url": _list_url(results["query"])},
    )
