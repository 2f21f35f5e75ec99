"""Management pages: the organizations below the reader, their staff, and the applicant
accounts of an employer unit. The rules are the services'; these pages only ask and show."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from accounts import permissions, selectors, services
from accounts.applicant_import import (
    COLUMNS,
    TEMPLATE_FILENAME,
    build_template,
)
from accounts.forms import (
    AccountForm,
    ActivationForm,
    ApplicantForm,
    ApplicantImportForm,
    OrganizationForm,
)
from accounts.models import Role
from core.errors import attempt
from core.pages import act, form_page, next_url
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from jobs.services import sharing_membership, start_job

PAGE_SIZE = 50


@login_required
def organization_tree(request):
    organizations = selectors.organization_tree(request.user)
    if not organizations:
        raise PermissionDenied(_("You do not manage any organization."))
    form = OrganizationForm(
        request.POST or None,
        actor=request.user,
        initial={"parent": request.GET.get("parent")},
    )
    return form_page(
        request,
        "accounts/manage/organization_tree.html",
        {
            "organizations": organizations,
            "can_create": form.fields["parent"].queryset.exists(),
        },
        form=form,
        action=lambda: services.create_organization(actor=request.user, **form.cleaned_data),
        success=lambda organization: _("%(name)s has been created.") % {"name": organization.name},
        then=lambda organization: reverse("manage:organization", kwargs={"pk": organization.pk}),
    )


@login_required
def organization_detail(request, pk):
    organization = get_object_or_404(selectors.visible_organizations(request.user), pk=pk)
    roles = permissions.grantable_roles(request.user, organization)
    form = AccountForm(
        request.POST or None,
        role_choices=[(role, Role(role).label) for role in roles],
    )
    if request.method == "POST":
        if not roles:
            raise PermissionDenied(_("You cannot create accounts in this organization."))
        created = attempt(
            request,
            lambda: services.create_account(
                actor=request.user, organization=organization, **form.cleaned_data
            ),
            form=form,
            success=_account_created_message,
        )
        if created:
            return redirect("manage:organization", pk=organization.pk)
    staff = Paginator(selectors.organization_staff(organization), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/manage/organization_detail.html",
        {
            "organization": organization,
            "children": selectors.visible_organizations(request.user).filter(parent=organization),
            "staff": staff,
            "form": form if roles else None,
            "can_add_children": selectors.organizations_for_new_children(request.user)
            .filter(pk=organization.pk)
            .exists(),
        },
    )


def _account_created_message(user) -> str:
    return _(
        "The account of %(name)s has been created. An activation link has been sent to "
        "%(email)s; the account can sign in once its holder has set a password."
    ) % {"name": user.real_name, "email": user.email}


def _employer_unit(request):
    """The unit whose applicants the employer HR manages: the one it is acting for."""
    membership = request.membership
    if membership is not None and membership.role == Role.EMPLOYER_HR:
        return membership.organization
    unit = selectors.own_unit(request.user)
    if unit is None:
        raise PermissionDenied(_("Only employer HR staff manage applicant accounts."))
    return unit


@login_required
def applicants(request):
    unit = _employer_unit(request)
    form = ApplicantForm(request.POST or None)
    page = Paginator(selectors.unit_applicants(unit), PAGE_SIZE).get_page(request.GET.get("page"))
    return form_page(
        request,
        "accounts/manage/applicants.html",
        {"unit": unit, "applicants": page},
        form=form,
        action=lambda: services.create_account(
            actor=request.user, organization=unit, role=Role.APPLICANT, **form.cleaned_data
        ),
        success=_account_created_message,
        then=reverse("manage:applicants"),
    )


@login_required
def applicant_import(request):
    """The upload form. A workbook that passes the first checks becomes a background job,
    whose page shows its progress and then the accounts created or every bad row."""
    unit = _employer_unit(request)
    form = ApplicantImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(
            kind="accounts.applicant_import",
            user=request.user,
            membership=sharing_membership(request, [Role.EMPLOYER_HR], unit),
            params={"organization": unit.pk},
            upload=form.cleaned_data["file"],
        )
        return redirect(job)
    return render(
        request,
        "accounts/manage/applicant_import.html",
        {"unit": unit, "form": form, "columns": COLUMNS},
        status=400 if form.errors else 200,
    )


@login_required
def import_template(request):
    _employer_unit(request)
    return template_response()


def template_response() -> HttpResponse:
    response = HttpResponse(build_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    return response


@require_POST
@login_required
def resend_activation(request, pk):
    account = get_object_or_404(selectors.visible_accounts(request.user), pk=pk)
    return act(
        request,
        lambda: services.resend_activation(actor=request.user, user=account),
        success=_("The activation link has been sent again to %(email)s.")
        % {"email": account.email},
        then=next_url(request, reverse("manage:applicants")),
    )


class ActivationView(auth_views.PasswordResetConfirmView):
    """The link in the activation e-mail: the holder of a new account sets its password."""

    template_name = "accounts/manage/activate.html"
    form_class = ActivationForm
    success_url = reverse_lazy("manage:activation_done")


class ActivationDoneView(TemplateView):
    template_name = "accounts/manage/activation_done.html"
