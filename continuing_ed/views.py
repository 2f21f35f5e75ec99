"""The browser pages of continuing education: a person's hours per year against the
requirement and their exams, claims and their certification, courses, and the imports."""

from decimal import Decimal
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Organization
from continuing_ed import permissions, selectors, services
from continuing_ed.exam_import import exams_template
from continuing_ed.forms import (
    ClaimForm,
    CompletionForm,
    CourseForm,
    ImportForm,
    RejectForm,
    YearsForm,
)
from continuing_ed.hours_import import hours_template
from continuing_ed.models import ImportBatch
from continuing_ed.requirement import requirement_status
from core.pages import act, form_page, next_url, post_form
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from jobs.services import sharing_membership, start_job

PAGE_SIZE = 50


def _next_url(request) -> str:
    return next_url(request, reverse("continuing_ed:review"))


def _rows(request, items, name, new_form, failed=None, shows_form=lambda item: True):
    """Each item of a list with its own form (`name` in the row): a new one, or for the item
    whose form came back with problems, that bound form (what was typed kept). When the page
    no longer shows that form (the item was decided meanwhile), its problems become messages so
    that they are still read."""
    failed_item, failed_form = failed or (None, None)
    rows, shown = [], False
    for item in items:
        form = new_form(item)
        if failed_item is not None and item.pk == failed_item.pk and shows_form(item):
            form, shown = failed_form, True
        rows.append({"item": item, name: form})
    if failed_form is not None and not shown:
        for field_errors in failed_form.errors.values():
            for text in field_errors:
                messages.error(request, text)
    return rows


def year_bars(statuses):
    """Each year's certified hours as two bar segments, scaled so the required total and
    anything above it both fit."""
    bars = []
    for status in statuses:
        scale = max(status.rule.hours_per_year, status.total, Decimal(1))
        bars.append(
            {
                "status": status,
                "professional": float(status.professional * 100 / scale),
                "general": float(status.general * 100 / scale),
                "target": float(status.rule.hours_per_year * 100 / scale),
            }
        )
    return bars


def _person_page(request, person, template):
    years_form = YearsForm(request.GET or None)
    years = years_form.span()
    statuses = requirement_status(person, years)
    records = (
        selectors.records_visible_to(request.user)
        .filter(person=person, year__in=list(years))
        .order_by("-year", "-ended_on", "-pk")
    )
    exams = selectors.exam_results_visible_to(request.user).filter(person=person)
    return render(
        request,
        template,
        {
            "person": person,
            "first_year": years[0],
            "last_year": years[-1],
            "bars": year_bars(statuses),
            "records": records,
            "exams": exams,
            "enrolments": selectors.enrolments_visible_to(request.user).filter(person=person),
        },
    )


@login_required
def mine(request):
    return _person_page(request, request.user, "continuing_ed/mine.html")


@login_required
def person_detail(request, pk):
    person = selectors.person_visible_to(request.user, pk)
    if person is None:
        raise Http404
    if person.pk == request.user.pk:
        return redirect("continuing_ed:mine")
    return _person_page(request, person, "continuing_ed/person.html")


@login_required
def claim(request):
    form = ClaimForm(request.POST or None)
    return form_page(
        request,
        "continuing_ed/claim.html",
        {},
        form=form,
        action=lambda: services.claim_hours(person=request.user, **form.cleaned_data),
        success=_("Your hours are recorded and wait for certification."),
        then=reverse("continuing_ed:mine"),
    )


def _certifying_membership(request):
    membership = request.membership
    if membership is None or membership.role not in permissions.CERTIFYING_ROLES:
        raise PermissionDenied(_("Switch to an employer HR or HR bureau role to certify hours."))
    return membership


def _reject_form(record, data=None):
    return RejectForm(data, auto_id=f"reject-{record.pk}-%s")


def _review_page(request, *, next_url=None, failed=None, status=200):
    """The claims waiting for certification, each with its reject form; after a rejection that
    came back with problems, the page it was sent from (`next_url`) with that bound form."""
    membership = _certifying_membership(request)
    claims = (
        selectors.pending_claims_in(membership)
        .select_related("person", "course")
        .order_by("created_at", "pk")
    )
    next_url = next_url or request.get_full_path()
    page_number = QueryDict(urlsplit(next_url).query).get("page")
    page = Paginator(claims, PAGE_SIZE).get_page(page_number)
    return render(
        request,
        "continuing_ed/review.html",
        {
            "page": page,
            "rows": _rows(request, page, "reject_form", _reject_form, failed),
            "next_url": next_url,
        },
        status=status,
    )


@login_required
def review(request):
    return _review_page(request)


@require_POST
@login_required
def certify(request, pk):
    record = get_object_or_404(selectors.records_visible_to(request.user), pk=pk)
    return act(
        request,
        lambda: services.certify_hours(actor=request.user, record=record),
        success=_("%(hours)s hours of %(person)s certified.")
        % {"hours": record.hours, "person": record.person},
        then=_next_url(request),
    )


@require_POST
@login_required
def reject(request, pk):
    record = get_object_or_404(selectors.records_visible_to(request.user), pk=pk)
    form = _reject_form(record, request.POST)
    return post_form(
        request,
        form,
        lambda: services.reject_hours(
            actor=request.user, record=record, reason=form.cleaned_data["reason"]
        ),
        success=_("The hours of %(person)s were rejected.") % {"person": record.person},
        then=_next_url(request),
        failed=lambda: _review_page(
            request, next_url=_next_url(request), failed=(record, form), status=400
        ),
    )


@login_required
def courses(request):
    open_courses = selectors.courses_visible_to(request.user).filter(is_open=True)
    page = Paginator(open_courses, PAGE_SIZE).get_page(request.GET.get("page"))
    enrolled = set(
        selectors.enrolments_visible_to(request.user)
        .filter(person=request.user)
        .values_list("course_id", flat=True)
    )
    return render(
        request,
        "continuing_ed/courses.html",
        {
            "page": page,
            "enrolled": enrolled,
            "may_publish": permissions.is_certifier(request.user),
        },
    )


@login_required
def course_create(request):
    if not permissions.is_certifier(request.user):
        raise PermissionDenied(_("Only employer HR staff and HR bureaus publish courses."))
    organizations = Organization.objects.filter(
        pk__in=permissions.provider_organization_ids(request.user)
    )
    form = CourseForm(request.POST or None, organizations=organizations)
    return form_page(
        request,
        "continuing_ed/course_form.html",
        {},
        form=form,
        action=lambda: services.create_course(actor=request.user, **form.cleaned_data),
        success=_("The course is published."),
        then=lambda course: reverse("continuing_ed:course", kwargs={"pk": course.pk}),
    )


def _completion_form(enrolment, data=None):
    return CompletionForm(data, auto_id=f"complete-{enrolment.pk}-%s")


def _course_page(request, course, *, failed=None, status=200):
    """The course with its enrolled people, each not yet completed with a completion form; after
    a completion that came back with problems, that bound form."""
    enrolments = (
        selectors.enrolments_visible_to(request.user)
        .filter(course=course)
        .exclude(person=request.user)
        .order_by("person__real_name", "pk")
    )
    own = (
        selectors.enrolments_visible_to(request.user)
        .filter(course=course, person=request.user)
        .first()
    )
    rows = _rows(
        request,
        enrolments,
        "completion_form",
        _completion_form,
        failed,
        shows_form=lambda enrolment: enrolment.completed_on is None,
    )
    return render(
        request,
        "continuing_ed/course.html",
        {"course": course, "rows": rows, "own": own},
        status=status,
    )


@login_required
def course_detail(request, pk):
    return _course_page(
        request, get_object_or_404(selectors.courses_visible_to(request.user), pk=pk)
    )


@require_POST
@login_required
def enrol(request, pk):
    course = get_object_or_404(selectors.courses_visible_to(request.user), pk=pk)
    return act(
        request,
        lambda: services.enrol_in_course(person=request.user, course=course),
        success=_("You are enrolled in %(course)s.") % {"course": course},
        then=reverse("continuing_ed:course", kwargs={"pk": course.pk}),
    )


@require_POST
@login_required
def complete(request, pk):
    enrolment = get_object_or_404(selectors.enrolments_visible_to(request.user), pk=pk)
    form = _completion_form(enrolment, request.POST)
    return post_form(
        request,
        form,
        lambda: services.complete_enrolment(
            actor=request.user, enrolment=enrolment, **form.cleaned_data
        ),
        success=_("Completion confirmed: %(hours)s hours credited to %(person)s.")
        % {"hours": enrolment.course.hours, "person": enrolment.person},
        then=reverse("continuing_ed:course", kwargs={"pk": enrolment.course_id}),
        failed=lambda: _course_page(
            request,
            get_object_or_404(selectors.courses_visible_to(request.user), pk=enrolment.course_id),
            failed=(enrolment, form),
            status=400,
        ),
    )


IMPORTS = {
    ImportBatch.Kind.HOURS: {
        "job": "continuing_ed.hours_import",
        "template": hours_template,
        "file_name": "continuing-education-hours.xlsx",
        "template_url": "continuing_ed:import_hours_template",
        "title": gettext_lazy("Import continuing-education hours"),
    },
    ImportBatch.Kind.EXAMS: {
        "job": "continuing_ed.exams_import",
        "template": exams_template,
        "file_name": "exam-results.xlsx",
        "template_url": "continuing_ed:import_exams_template",
        "title": gettext_lazy("Import exam results"),
    },
}


@login_required
def import_page(request, kind):
    """The upload form. A workbook that passes the first checks becomes a background job
    (continuing_ed/jobs.py), whose page shows its progress and then its result."""
    permissions.require_certifier(request.user)
    spec = IMPORTS[kind]
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(
            kind=spec["job"],
            user=request.user,
            membership=sharing_membership(request, permissions.CERTIFYING_ROLES),
            upload=form.cleaned_data["file"],
        )
        return redirect(job)
    recent = selectors.import_batches_visible_to(request.user).filter(kind=kind)[:10]
    return render(
        request,
        "continuing_ed/import.html",
        {
            "kind": kind,
            "title": spec["title"],
            "form": form,
            "recent": recent,
            "template_url": spec["template_url"],
        },
        status=400 if form.errors else 200,
    )


@login_required
def import_template(request, kind):
    permissions.require_certifier(request.user)
    spec = IMPORTS[kind]
    response = HttpResponse(spec["template"](), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{spec["file_name"]}"'
    return response
