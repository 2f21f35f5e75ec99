"""Browser pages for post quotas: an institution's quota and its use per level, the bureau's
table of every institution under it with Excel import and export, the audit-form edit and
approval, the quota flags, and a declaration's double-orientation choice."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization, Role
from core.errors import attempt
from core.pages import act, form_page
from core.saved_filters import register_list, saved_filters_context
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from jobs.services import sharing_membership, start_job
from jobs.views import export_page
from quotas import permissions, selectors, services
from quotas.forms import (
    ApproveForm,
    DoubleOrientationForm,
    ImportForm,
    LevelFiguresForm,
)
from quotas.imports import TEMPLATE_FILENAME, build_template
from quotas.models import PostData, PostLevel, Quota, Reservation
from quotas.rule import Outcome
from quotas.services import POST_FIGURE_FIELDS

PAGE_SIZE = 50
UNFILED_SHOWN = 20


register_list("quotas:overview", ("year", "q", "outcome", "waiting"))


def _year(request, default: int) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


def _filtered_quotas(request):
    return selectors.filtered_quotas(request.user, request.GET)


@login_required
def overview(request):
    membership = request.membership
    if membership is not None and membership.role == Role.EMPLOYER_HR:
        unit = membership.organization
        if unit.kind == Organization.Kind.PUBLIC_INSTITUTION:
            return redirect("quotas:institution", unit.pk)
        return render(request, "quotas/not_limited.html", {"unit": unit})
    quotas, year, years = _filtered_quotas(request)
    page = Paginator(quotas, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    unfiled = selectors.institutions_without_post_data(request.user, year)
    return render(
        request,
        "quotas/overview.html",
        {
            "page": page,
            "unfiled_count": unfiled.count(),
            "unfiled": unfiled[:UNFILED_SHOWN],
            "year": year,
            "years": years,
            "outcomes": Outcome.choices,
            "query": query.urlencode(),
            "may_import": _may_import(request.user),
            **saved_filters_context(request, "quotas:overview"),
        },
    )


def _may_import(user) -> bool:
    return user.is_superuser or any(
        membership.role in (Role.HR_BUREAU, Role.ADMIN, Role.EMPLOYER_HR)
        for membership in user.memberships.filter(is_active=True)
    )


@login_required
def institution_detail(request, pk):
    institution = get_object_or_404(selectors.quota_institutions(request.user), pk=pk)
    years = selectors.institution_years(institution)
    year = _year(request, years[0] if years else timezone.localdate().year)
    rows = selectors.institution_quota_table(institution, year)
    reservations = (
        Reservation.active.filter(quota__institution=institution, quota__year=year)
        .select_related("quota", "declaration__applicant", "declaration__title", "reserved_by")
        .order_by("quota__post_level", "reserved_at")
    )
    filed = [row["post_data"] for row in rows if row["post_data"]]
    return render(
        request,
        "quotas/institution.html",
        {
            "institution": institution,
            "year": year,
            "years": years,
            "rows": rows,
            "reservations": reservations,
            "flags": selectors.visible_flags(request.user).filter(institution=institution),
            "can_file": permissions.can_file_post_data(request.user, institution),
            "can_approve": permissions.can_approve_post_data(request.user, institution),
            "waiting_approval": any(not row.audit_form_approved for row in filed),
        },
    )


@login_required
def edit_post_data(request, pk, year):
    institution = get_object_or_404(selectors.quota_institutions(request.user), pk=pk)
    if not permissions.can_file_post_data(request.user, institution):
        raise PermissionDenied
    can_approve = permissions.can_approve_post_data(request.user, institution)
    existing = {
        row.post_level: row for row in PostData.objects.filter(institution=institution, year=year)
    }
    data = request.POST if request.method == "POST" else None
    forms = [
        LevelFiguresForm(
            data,
            post_level=value,
            prefix=value,
            initial=_initial_of(existing.get(value)),
        )
        for value in PostLevel.values
    ]
    approve_form = ApproveForm(
        data,
        initial={
            "approve": bool(existing) and all(r.audit_form_approved for r in existing.values())
        },
    )
    if request.method == "POST" and all(form.is_valid() for form in forms):
        approve_form.is_valid()
        levels = {form.post_level: form.figures() for form in forms if form.figures() is not None}
        if attempt(
            request,
            lambda: services.save_post_data(
                actor=request.user,
                institution=institution,
                year=year,
                levels=levels,
                approve=approve_form.cleaned_data.get("approve") if can_approve else None,
            ),
            success=_("The post data for %(year)s were saved.") % {"year": year},
        ):
            return redirect(reverse("quotas:institution", args=[pk]) + f"?year={year}")
    return render(
        request,
        "quotas/edit.html",
        {
            "institution": institution,
            "year": year,
            "level_forms": [(PostLevel(form.post_level).label, form) for form in forms],
            "approve_form": approve_form if can_approve else None,
        },
    )


def _initial_of(row):
    return {} if row is None else {name: getattr(row, name) for name in POST_FIGURE_FIELDS}


@require_POST
@login_required
def approve(request, pk, year):
    institution = get_object_or_404(selectors.quota_institutions(request.user), pk=pk)
    return act(
        request,
        lambda: services.approve_audit_form(actor=request.user, institution=institution, year=year),
        success=lambda count: (
            _("The %(year)s audit form of %(institution)s is approved (%(count)s post levels).")
            % {"year": year, "institution": institution.name, "count": count}
        ),
        then=reverse("quotas:institution", args=[pk]) + f"?year={year}",
    )


# Who may follow the jobs of these pages besides the person who started them: colleagues in
# the same role at the same organization.
SHARING_ROLES = (Role.HR_BUREAU, Role.ADMIN, Role.EMPLOYER_HR, Role.DEPARTMENT_REVIEWER)
EXPORT_FILTERS = ("year", "q", "outcome", "waiting")


@login_required
def import_post_data(request):
    """The upload form. A workbook that passes the first checks becomes a background job
    (quotas/jobs.py), whose page shows its progress and then its result."""
    if not _may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(
            kind="quotas.post_data_import",
            user=request.user,
            membership=sharing_membership(request, SHARING_ROLES),
            upload=form.cleaned_data["file"],
        )
        return redirect(job)
    return render(request, "quotas/import.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def import_template(request):
    response = HttpResponse(build_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    return response


@login_required
def export(request):
    """The quota table as Excel, made by a background job: a POST with the page's filters
    starts it; a GET (an old link) asks first."""
    source = request.POST if request.method == "POST" else request.GET
    filters = {name: source[name] for name in EXPORT_FILTERS if source.get(name)}
    return export_page(
        request,
        "quotas.quota_export",
        membership=sharing_membership(request, SHARING_ROLES),
        params=filters,
        context={"hidden": sorted(filters.items()), "back_url": reverse("quotas:overview")},
    )


@login_required
def flags(request):
    show_all = bool(request.GET.get("all"))
    found = selectors.visible_flags(request.user, open_only=not show_all).order_by(
        "resolved_at", "-raised_at", "-pk"
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quotas/flags.html", {"page": page, "show_all": show_all})


@login_required
def declaration_pool(request, pk):
    declaration = get_object_or_404(selectors.pool_declarations(request.user), pk=pk)
    form = DoubleOrientationForm(
        request.POST or None,
        initial={"double_orientation": hasattr(declaration, "double_orientation")},
    )
    pool = selectors.pool_of(declaration)
    quota = None
    if pool is not None:
        quota = Quota.objects.filter(
            institution_id=pool.institution_id, year=pool.year, post_level=pool.post_level
        ).first()
    return form_page(
        request,
        "quotas/declaration_pool.html",
        {
            "declaration": declaration,
            "pool": pool,
            "pool_label": PostLevel(pool.post_level).label if pool else None,
            "quota": quota,
            "result": selectors.live_quota(pool) if pool else None,
            "taken": selectors.places_taken(pool) if pool else 0,
            "reservation": selectors.active_reservation(declaration),
        },
        form=form,
        action=lambda: services.choose_double_orientation(
            actor=request.user,
            declaration=declaration,
            chosen=form.cleaned_data["double_orientation"],
        ),
        success=_("The declaration's post pool was saved."),
        then=reverse("quotas:declaration_pool", args=[pk]),
    )
