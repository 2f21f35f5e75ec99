"""The declaration list's search: its filters and sort orders, the search by a whole ID
number and the filters people save.

A whole ID number never enters an address. Its search is posted; the number's keyed look-up
digest (core/encrypted_fields.py) is kept in the session under a random key, and the list's
address carries only that key (`id_search`). Rows are matched by the digest column, never
decrypted. A saved filter keeps the digest and the number's mask, never the number."""

import secrets
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.urls import reverse

from accounts.models import Organization, User
from applicants.models import Declaration
from audit.access_log import Kind, record_data_access
from core import saved_filters as shared_filters
from core.encrypted_fields import digest_field
from core.masking import mask_id_number
from core.models import SavedListFilter
from titles.models import EvaluationPlan, Series, TitleName

SESSION_KEY = "declaration_id_searches"
# Searches kept per session: enough for a few tabs, never a growing pile of digests.
SESSION_SEARCHES = 10
LIST_NAME = "applicants:list"
# The sort keys a list address may name, each with its columns; the primary key ends every
# order so that a page always holds the same rows.
SORTS = {
    "name": ("applicant__real_name",),
    "unit": ("employer__name",),
    "title": ("title__level", "title__name_zh"),
    "plan": ("plan__year", "plan__name"),
    "channel": ("channel",),
    "status": ("status",),
    "submitted": ("submitted_at",),
    "updated": ("updated_at",),
}
DEFAULT_SORT = "-updated"
# The address parameters a filter is made of (a saved filter keeps these).
FILTER_PARAMS = (
    "q",
    "status",
    "plan",
    "unit",
    "series",
    "title",
    "submitted_from",
    "submitted_to",
    "sort",
)
shared_filters.register_list(LIST_NAME, FILTER_PARAMS, opens_saved=True)


# --- choices ------------------------------------------------------------------------------


def filter_choices(declarations: QuerySet[Declaration]) -> dict:
    """The choices of the list's filters: the plans the given declarations are in, the series
    and titles those plans offer (read from the small plan tables: picking them out of a
    city's declarations cost PostgreSQL more than the page), and the units the declarations
    come from (the form lists them only when asked to, `offer_units`)."""
    # The plans are read once, first; the other choices then select by their ids (as a
    # subquery PostgreSQL would join the titles to every declaration).
    plan_ids = list(
        EvaluationPlan.objects.filter(pk__in=declarations.values("plan_id")).values_list(
            "pk", flat=True
        )
    )
    offered_titles = EvaluationPlan.titles.through.objects.filter(evaluationplan_id__in=plan_ids)
    return {
        "plans": EvaluationPlan.objects.filter(pk__in=plan_ids).order_by("-year", "name", "pk"),
        "units": Organization.objects.filter(pk__in=declarations.values("employer_id")).order_by(
            "name", "pk"
        ),
        "series": Series.objects.filter(plans__in=plan_ids).distinct().order_by("name_zh", "pk"),
        "titles": TitleName.objects.filter(pk__in=offered_titles.values("titlename_id")).order_by(
            "series__name_zh", "level", "name_zh", "pk"
        ),
    }


# --- filtering and sorting ----------------------------------------------------------------


def sort_key(value) -> str:
    """The sort the address asks for when it is one of SORTS (with "-" for descending)."""
    value = (value or "").strip()
    return value if value.lstrip("-") in SORTS else DEFAULT_SORT


def sorted_declarations(declarations: QuerySet[Declaration], sort: str) -> QuerySet[Declaration]:
    key = sort_key(sort)
    descending = key.startswith("-")
    columns = SORTS[key.lstrip("-")]
    prefix = "-" if descending else ""
    return declarations.order_by(*(f"{prefix}{column}" for column in columns), f"{prefix}pk")


def filtered(declarations: QuerySet[Declaration], criteria: dict, id_digest: str = ""):
    """The declarations that meet every criterion (DeclarationFilterForm.criteria) and, given
    a digest, belong to the person with that ID number."""
    if text := criteria.get("q"):
        declarations = declarations.filter(
            Q(applicant__real_name__icontains=text) | Q(employer__name__icontains=text)
        )
    for name, column in (
        ("status", "status"),
        ("plan", "plan"),
        ("unit", "employer"),
        ("series", "title__series"),
        ("title", "title"),
        ("submitted_from", "submitted_at__date__gte"),
        ("submitted_to", "submitted_at__date__lte"),
    ):
        if criteria.get(name) not in (None, ""):
            declarations = declarations.filter(**{column: criteria[name]})
    if id_digest:
        field = digest_field(User, "id_number")
        declarations = declarations.filter(**{f"applicant__{field.name}": id_digest})
    return sorted_declarations(declarations, criteria.get("sort", ""))


# --- the search by ID number --------------------------------------------------------------


@dataclass(frozen=True)
class IdSearch:
    key: str
    digest: str
    masked: str


def _searches(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def remember_id_search(request, *, digest: str, masked: str) -> IdSearch:
    """Keep a search by ID number in the session; answer it with the key the list's address
    names it by."""
    key = secrets.token_urlsafe(9)
    searches = {k: v for k, v in _searches(request).items()}
    searches[key] = {"digest": digest, "masked": masked}
    request.session[SESSION_KEY] = dict(list(searches.items())[-SESSION_SEARCHES:])
    return IdSearch(key, digest, masked)


def id_search_of(request, key) -> IdSearch | None:
    found = _searches(request).get(key or "")
    if not found:
        return None
    return IdSearch(key, found["digest"], found["masked"])


def search_by_id_number(request, declarations: QuerySet[Declaration], id_number: str) -> IdSearch:
    """Start a search by a whole ID number among `declarations` (what the reader sees). The
    people found are recorded as seen: the page ties the number to their names."""
    field = digest_field(User, "id_number")
    search = remember_id_search(
        request, digest=field.digest(id_number), masked=mask_id_number(id_number)
    )
    record_id_search(request, declarations, search)
    return search


def record_id_search(request, declarations: QuerySet[Declaration], search: IdSearch) -> None:
    """Record the people a search by ID number finds among `declarations` as seen: the list
    ties the number to their names."""
    found = filtered(declarations, {}, search.digest).values_list("applicant_id", flat=True)
    record_data_access(
        request,
        subject_ids=list(found.order_by().distinct()),
        kind=Kind.ID_NUMBER,
        item="declaration list: search by whole ID number",
    )


# --- addresses ----------------------------------------------------------------------------


def filter_query(params, **changes) -> str:
    """The list address's query string for the filter in `params` with `changes` (None
    removes a parameter); the page number is always dropped."""
    query = QueryDict(mutable=True)
    for name in (*FILTER_PARAMS, "id_search"):
        value = changes[name] if name in changes else params.get(name)
        if value not in (None, ""):
            query[name] = str(value)
    return query.urlencode()


def sort_columns(params, columns) -> list[dict]:
    """For each (sort key, label) of `columns`: the query string that sorts by it (ascending
    first, then reversed) and the direction the list is sorted by it now ("asc", "desc" or
    "")."""
    current = sort_key(params.get("sort"))
    shown = []
    for key, label in columns:
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        following = f"-{key}" if direction == "asc" else key
        shown.append(
            {
                "key": key,
                "label": label,
                "direction": direction,
                "query": filter_query(params, sort=following),
            }
        )
    return shown


# --- saved filters ------------------------------------------------------------------------


def saved_filters(user) -> QuerySet[SavedListFilter]:
    return shared_filters.saved_filters(user, reverse(LIST_NAME))


def save_filter(request, *, name: str, query: str) -> SavedListFilter:
    """Save the filter of the list address's `query` under `name` (the same name replaces
    it). Only the known parameters are kept; an ID number search is kept as its digest."""
    search = id_search_of(request, QueryDict(query).get("id_search"))
    return shared_filters.save_filter(
        request.user,
        reverse(LIST_NAME),
        name=name,
        query=shared_filters.kept(LIST_NAME, query),
        id_number_digest=search.digest if search else "",
        id_number_masked=search.masked if search else "",
    )


def saved_filter_query(request, saved: SavedListFilter) -> str:
    """The list address's query string of a saved filter; its ID number search, if any,
    starts again in this session under a new key."""
    changes = {}
    if saved.id_number_digest:
        search = remember_id_search(
            request, digest=saved.id_number_digest, masked=saved.id_number_masked
        )
        changes["id_search"] = search.key
    return filter_query(saved.query, **changes)
