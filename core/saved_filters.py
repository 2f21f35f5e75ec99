"""Filters people save on list pages, one table for every list (core.SavedListFilter).

A list offers them by registering its URL name with the parameters a filter keeps
(`register_list`), and shows includes/saved_filters.html above its rows: the chips that open
a saved filter, each with its delete button, and, while the list is filtered, the form that
saves the filter. A filter belongs to the list's address, so that a list of one object (one
jury's expert library) keeps its own. The views below serve every registered list. The
declaration list, whose filter may hold an ID number search, keeps its own save view around
the same functions (applicants/list_search.py)."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.models import SavedListFilter


@dataclass(frozen=True)
class FilteredList:
    url_name: str
    params: tuple[str, ...]  # what a saved filter keeps of the list's address
    # The list page opens `?saved=<pk>` itself (to start a saved ID number search again).
    opens_saved: bool = False


_LISTS: dict[str, FilteredList] = {}


def register_list(url_name: str, params, *, opens_saved=False) -> FilteredList:
    _LISTS[url_name] = FilteredList(url_name, tuple(params), opens_saved)
    return _LISTS[url_name]


def registered(url_name: str) -> FilteredList:
    try:
        return _LISTS[url_name]
    except KeyError:
        raise Http404 from None


def saved_filters(user, list_path: str) -> QuerySet[SavedListFilter]:
    return SavedListFilter.objects.filter(owner=user, list_path=list_path).order_by("name", "pk")


def list_at(path: str) -> FilteredList:
    """The registered list served at `path`; 404 for any other address."""
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404 from None
    return registered(match.view_name)


def kept(list_name: str, query) -> dict:
    """The parameters of a list address's query that a saved filter keeps."""
    params = QueryDict(query) if isinstance(query, str) else query
    return {key: params[key] for key in registered(list_name).params if params.get(key)}


def save_filter(
    user, list_path: str, *, name: str, query: dict, id_number_digest="", id_number_masked=""
) -> SavedListFilter:
    """Save `query` of the list at `list_path` under `name` (the same name replaces it)."""
    if not query and not id_number_digest:
        raise ValidationError({"name": _("Filter the list first, then save the filter.")})
    list_name = list_at(list_path).url_name
    mine = saved_filters(user, list_path)
    limit = settings.SAVED_FILTERS_PER_LIST
    if not mine.filter(name=name).exists() and mine.count() >= limit:
        raise ValidationError(
            {"name": _("You have %(count)s saved filters: delete one first.") % {"count": limit}}
        )
    values = {
        "query": query,
        "id_number_digest": id_number_digest,
        "id_number_masked": id_number_masked,
    }
    try:
        with transaction.atomic():
            saved, _created = SavedListFilter.objects.update_or_create(
                owner=user,
                list_path=list_path,
                name=name,
                defaults={"list_name": list_name, **values},
            )
    except IntegrityError:  # the same name saved at the same moment in another tab
        saved = mine.get(name=name)
    return saved


def list_url(list_path: str, query: dict | str = "") -> str:
    query = urlencode(query) if isinstance(query, dict) else query
    return f"{list_path}?{query}" if query else list_path


# --- the views of every registered list -----------------------------------------------------


class SaveListFilterForm(forms.Form):
    list_path = forms.CharField(max_length=200, widget=forms.HiddenInput)
    name = forms.CharField(label=gettext_lazy("Save this filter as"), max_length=64)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_name(self):
        return self.cleaned_data["name"].strip()


@require_POST
@login_required
def save(request):
    form = SaveListFilterForm(request.POST)
    list_path = request.POST.get("list_path", "")
    list_name = list_at(list_path).url_name
    query = request.POST.get("query", "")
    if form.is_valid():
        try:
            save_filter(
                request.user,
                list_path,
                name=form.cleaned_data["name"],
                query=kept(list_name, form.cleaned_data["query"]),
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The filter is saved: pick it above the list."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect(list_url(list_path, query))


@require_GET
@login_required
def open_filter(request, pk):
    saved = get_object_or_404(SavedListFilter, owner=request.user, pk=pk)
    if registered(saved.list_name).opens_saved:
        return redirect(list_url(saved.list_path, {"saved": saved.pk}))
    return redirect(list_url(saved.list_path, saved.query))


@require_POST
@login_required
def delete(request, pk):
    saved = get_object_or_404(SavedListFilter, owner=request.user, pk=pk)
    registered(saved.list_name)
    saved.delete()
    messages.success(request, _("The saved filter “%(name)s” is deleted.") % {"name": saved.name})
    return redirect(list_url(saved.list_path, request.POST.get("query", "")))


def saved_filters_context(request, list_name: str, *, query=None, save_url=None) -> dict:
    """What includes/saved_filters.html needs on a registered list's page: `query` is the
    list address's query to save (by default, what the filter keeps of this address)."""
    query = urlencode(kept(list_name, request.GET)) if query is None else query
    return {
        "saved_filters": list(saved_filters(request.user, request.path)),
        "saved_query": query,
        "save_filter_url": save_url or reverse("saved_filter_save"),
        "save_filter_form": SaveListFilterForm(initial={"list_path": request.path, "query": query}),
    }
