"""The statistics pages of the HR bureau and the jury offices: the figures of a plan year (or
of one plan) as charts with their data tables, and the same figures as one Excel workbook."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from core.spreadsheet_import import XLSX_CONTENT_TYPE
from reports import selectors
from reports.exports import statistics_workbook


def _number(value: str, low: int, high: int) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and low <= int(value) <= high else None


def _figures(request):
    scope = selectors.statistics_scope(request.user, request.membership)
    filters = selectors.statistics_filters(
        scope,
        year=_number(request.GET.get("year"), 2000, 2100),
        plan_id=_number(request.GET.get("plan"), 1, 2**63 - 1),
    )
    return scope, filters, selectors.statistics_figures(scope, filters)


def _query(filters) -> str:
    if filters.plan is not None:
        return f"plan={filters.plan.pk}"
    return f"year={filters.year}"


@login_required
def overview(request):
    scope, filters, figures = _figures(request)
    return render(
        request,
        "reports/overview.html",
        {
            "scope": scope,
            "filters": filters,
            "figures": figures,
            "query": _query(filters),
        },
    )


@login_required
def export(request):
    scope, filters, figures = _figures(request)
    heading = filters.plan.name if filters.plan is not None else str(filters.year)
    response = HttpResponse(statistics_workbook(figures, heading=heading), XLSX_CONTENT_TYPE)
    suffix = f"plan-{filters.plan.pk}" if filters.plan is not None else str(filters.year)
    response["Content-Disposition"] = f'attachment; filename="statistics-{suffix}.xlsx"'
    return response
