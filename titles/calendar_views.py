"""The working-day calendar in the browser: a year's holidays and make-up working days for
everyone signed in, and for administrators the forms that enter them, mark the year entered
in full, and import the State Council's notice as a table (a background job). The rules are
in titles.calendar_services; these pages ask, call one service and show."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.pages import act, post_form
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from jobs.services import sharing_membership, start_job
from titles import calendar_services as services
from titles import selectors
from titles.calendar_import import calendar_template
from titles.forms import CalendarDayForm, CalendarImportForm, CalendarYearForm
from titles.models import CalendarDay
from titles.permissions import acts_as_calendar_editor
from titles.working_days import calendar_is_known, package_knows, special_days


def _year(year: int) -> int:
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404
    return year


def _require_editor(request) -> None:
    if not acts_as_calendar_editor(request.user, request.membership):
        raise PermissionDenied(
            _("Only administrators enter the holidays and make-up working days of a year.")
        )


def _page(request, year, *, day_form=None, year_form=None, status=200):
    can_edit = acts_as_calendar_editor(request.user, request.membership)
    return render(
        request,
        "titles/calendar.html",
        {
            "year": year,
            "days": special_days(year),
            "package_knows": package_knows(year),
            "known": calendar_is_known(year),
            "entered": selectors.entered_year(year),
            "can_edit": can_edit,
            "day_form": day_form or (CalendarDayForm(year=year) if can_edit else None),
            "year_form": year_form or (CalendarYearForm() if can_edit else None),
        },
        status=status,
    )


@login_required
def calendar_year(request, year=None):
    return _page(request, _year(year or timezone.localdate().year))


def _back(year) -> str:
    return reverse("titles:calendar", args=[year])


@login_required
@require_POST
def calendar_day_set(request, year):
    year = _year(year)
    _require_editor(request)
    form = CalendarDayForm(request.POST, year=year)
    return post_form(
        request,
        form,
        lambda: services.set_calendar_day(actor=request.user, **form.service_arguments()),
        success=lambda entry: _("%(date)s is entered.") % {"date": date_format(entry.date)},
        then=_back(year),
        failed=lambda: _page(request, year, day_form=form, status=400),
    )


@login_required
@require_POST
def calendar_day_remove(request, year, pk):
    year = _year(year)
    _require_editor(request)
    entry = get_object_or_404(CalendarDay, pk=pk, date__year=year)
    return act(
        request,
        lambda: services.remove_calendar_day(actor=request.user, entry=entry),
        success=_("The entry for %(date)s was removed.") % {"date": date_format(entry.date)},
        then=_back(year),
    )


@login_required
@require_POST
def calendar_year_entered(request, year):
    year = _year(year)
    _require_editor(request)
    form = CalendarYearForm(request.POST)
    return post_form(
        request,
        form,
        lambda: services.mark_year_entered(
            actor=request.user, year=year, source=form.cleaned_data["source"]
        ),
        success=_(
            "The working-day calendar for %(year)s is entered: windows and deadlines may be "
            "counted in it."
        )
        % {"year": year},
        then=_back(year),
        failed=lambda: _page(request, year, year_form=form, status=400),
    )


@login_required
@require_POST
def calendar_year_withdraw(request, year):
    year = _year(year)
    _require_editor(request)
    return act(
        request,
        lambda: services.withdraw_year(actor=request.user, year=year),
        success=_(
            "%(year)s is no longer marked as entered: windows and deadlines reaching it are "
            "refused until it is."
        )
        % {"year": year},
        then=_back(year),
    )


@login_required
def calendar_import(request, year):
    """The upload form. A workbook that passes the first checks becomes a background job
    (titles/jobs.py), whose page shows its progress, then the rows refused or the result."""
    year = _year(year)
    _require_editor(request)
    form = CalendarImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(
            kind="titles.calendar_import",
            user=request.user,
            membership=sharing_membership(request, (Role.ADMIN,)),
            params={"year": year, "source": form.cleaned_data["source"]},
            upload=form.cleaned_data["file"],
        )
        return redirect(job)
    return render(
        request,
        "titles/calendar_import.html",
        {"year": year, "form": form, "entered": selectors.entered_year(year)},
        status=400 if form.errors else 200,
    )


@login_required
def calendar_import_template(request):
    _require_editor(request)
    response = HttpResponse(calendar_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="holidays.xlsx"'
    return response
