"""The declaration pages (stages 1 to 4: the applicant's form and materials, the unit's check
and publicity, the department's review, the office's qualification check) and the downloads
that must pass a permission check: proof materials and the office's roster. Thin: each page
reads through the selectors, each form calls one service and shows its refusal as it is. A
declaration or file outside the user's scope answers 404, as if it did not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_POST

from accounts.id_number_access import record_export, record_id_number_shown
from accounts.models import Role
from applicants import forms as declaration_forms
from applicants import selectors, services, workflow
from applicants.declaration_page import ACTIONS, detail_url, form_messages, render_detail
from applicants.models import (
    Achievement,
    AnnualAssessment,
    Declaration,
    Material,
    VillageServicePeriod,
    WorkHistoryEntry,
)
from applicants.permissions import (
    may_reveal_applicant_id,
    roster_id_number_membership,
    roster_plans,
)
from applicants.roster_export import roster_filename, write_roster
from audit.access_log import Kind, record_data_access
from core.errors import attempt
from core.pages import post_form
from core.spreadsheet_import import XLSX_CONTENT_TYPE as XLSX
from jobs.views import export_page
from titles.models import EvaluationPlan
from titles.selectors import plans_visible_to
from titles.working_days import working_days_left

S = Declaration.Status


def material_response(request, material) -> FileResponse:
    """The proof file as a download; another person's file opened is recorded."""
    record_data_access(
        request,
        subject_ids=[material.declaration.applicant_id],
        kind=Kind.PROOF_FILE,
        item=f"declaration #{material.declaration_id} · {material.original_name}",
    )
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=material.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def material_download(request, pk):
    return material_response(request, selectors.get_material(request.user, pk))


def record_declaration_view(request, declaration) -> None:
    record_data_access(
        request,
        subject_ids=[declaration.applicant_id],
        kind=Kind.DECLARATION,
        item=f"declaration #{declaration.pk}",
    )


def roster_response(plan, *, full_id_numbers=False) -> HttpResponse:
    """The roster as a download; ID numbers masked unless `full_id_numbers`, when the caller
    records the people written (the applicant ids are on the response, `applicant_ids`)."""
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{roster_filename(plan)}"'
    response["Cache-Control"] = "private, no-store"
    response.applicant_ids = write_roster(
        selectors.roster_declarations(plan),
        response,
        heading=plan.name,
        full_id_numbers=full_id_numbers,
    )
    return response


@require_GET
@login_required
def plan_roster(request, plan_id):
    plan = get_object_or_404(roster_plans(request.user), pk=plan_id)
    response = roster_response(plan)
    record_export(
        user=request.user,
        membership=None,
        subject_ids=response.applicant_ids,
        item=f"roster of plan {plan.pk}",
        whole_id_numbers=False,
        request=request,
    )
    return response


@login_required
def roster_export(request, plan_id):
    """The roster as a background job (applicants/jobs.py), for plans too big to wait for:
    the page asks to start it, the job's page then shows its progress and file."""
    plan = get_object_or_404(roster_plans(request.user), pk=plan_id)
    return export_page(
        request,
        "applicants.roster_export",
        membership=request.membership,
        params={"plan": plan.pk},
        context={"subject": plan.name},
        id_number_membership=roster_id_number_membership(request.user, [request.membership], plan),
    )


# --- the list -----------------------------------------------------------------------------


# The list and its moves of many: applicants/list_views.py.


# --- the applicant's form -----------------------------------------------------------------

ROW_MODELS = {
    "work_history": WorkHistoryEntry,
    "village_periods": VillageServicePeriod,
    "assessments": AnnualAssessment,
    "achievements": Achievement,
}


class _FormWithLists:
    """The declaration form and its row lists as one form for `attempt`: valid when all are,
    and a service's refusal shown next to the field or list it names, the rest above."""

    def __init__(self, form, formsets):
        self.form = form
        self.formsets = formsets

    def is_valid(self) -> bool:
        return all([self.form.is_valid()] + [formset.is_valid() for formset in self.formsets])

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error.messages)
            return
        by_list = {}
        for formset in self.formsets:
            by_list[formset.key] = formset
            by_list[str(ROW_MODELS[formset.key]._meta.verbose_name_plural)] = formset
        for field, field_messages in error.message_dict.items():
            if field in by_list:
                by_list[field].service_errors = [
                    *getattr(by_list[field], "service_errors", ()),
                    *field_messages,
                ]
            elif field in self.form.fields:
                self.form.add_error(field, field_messages)
            else:
                self.form.add_error(None, field_messages)


def _declaration_form(request, declaration, plans):
    data = request.POST if request.method == "POST" else None
    form = declaration_forms.DeclarationForm(data, plans=plans, declaration=declaration)
    formsets = declaration_forms.row_formsets(data, declaration)
    if data is not None:

        def save():
            lists = {
                formset.key: formset.rows()
                for formset in formsets
                if declaration is None or formset.has_changed()
            }
            if declaration is None:
                return services.create_declaration(
                    actor=request.user,
                    employer=request.membership.organization,
                    **form.service_fields(),
                    **lists,
                )
            services.update_declaration(
                declaration, actor=request.user, **form.service_fields(), **lists
            )
            return declaration

        saved = attempt(
            request,
            save,
            form=_FormWithLists(form, formsets),
            success=_("Your declaration is saved as a draft. Add the proof materials next.")
            if declaration is None
            else _("Your changes are saved."),
            refuse_permission=True,
        )
        if saved:
            return redirect("applicants:detail", pk=saved.value.pk)
    return render(
        request,
        "applicants/declaration_form.html",
        {
            "form": form,
            "formsets": formsets,
            "declaration": declaration,
            "no_plans": declaration is None and not plans.exists(),
        },
    )


@login_required
def declaration_create(request):
    membership = request.membership
    if membership is None or membership.role != Role.APPLICANT:
        raise PermissionDenied(_("Only applicants file declarations."))
    plans = plans_visible_to(membership).filter(status=EvaluationPlan.Status.OPEN)
    return _declaration_form(request, None, plans)


@login_required
def declaration_edit(request, pk):
    declaration = selectors.get_declaration_for_form(request.user, pk)
    if declaration.applicant_id != request.user.pk:
        raise PermissionDenied(_("Only the applicant can change the declaration."))
    if not declaration.is_editable:
        messages.error(
            request,
            _("A declaration that is “%(status)s” cannot be changed.")
            % {"status": declaration.get_status_display()},
        )
        return redirect("applicants:detail", pk=declaration.pk)
    return _declaration_form(request, declaration, None)


# --- the declaration's page ---------------------------------------------------------------


@require_GET
@login_required
def declaration_detail(request, pk):
    declaration = selectors.get_declaration(request.user, pk)
    record_declaration_view(request, declaration)
    return render_detail(request, declaration)


@require_POST
@login_required
def reveal_id_number(request, pk):
    """The declaration's page with the applicant's whole ID number, for the office of the
    plan's jury (the qualification check); each time is recorded."""
    declaration = selectors.get_declaration(request.user, pk)
    if not may_reveal_applicant_id(request.user, request.membership, declaration):
        raise PermissionDenied(
            _("Only the jury office checking this declaration may see the whole ID number.")
        )
    record_id_number_shown(
        request, subject_id=declaration.applicant_id, item=f"declaration #{declaration.pk}"
    )
    response = render_detail(request, declaration, id_number_shown=True)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def declaration_action(request, pk, action):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    declaration = selectors.get_declaration(request.user, pk)
    form = spec.form(request.POST, prefix=action, today=workflow.today())
    return _posted_on_detail(
        request,
        declaration,
        form,
        lambda: spec.service(declaration, actor=request.user, **form.service_kwargs()),
        success=spec.done,
        denied=_("You may not do this."),
        then=detail_url(declaration),
        # Refused: nothing changed; the page shows why, with what was typed.
        failed=lambda: render_detail(request, _page_of(request, declaration), bound={action: form}),
    )


def _posted_on_detail(request, declaration, form, action, *, success, denied, then, failed):
    """A form posted from the declaration's page: on to `then` when the service took it; the
    page with 403 when the person may not (`denied`, when the refusal says nothing); otherwise
    `failed()`, the page again with this form."""
    done = attempt(request, action, form=form, success=success, denied=denied)
    if done:
        return redirect(then)
    if done.denied:
        return render_detail(request, _page_of(request, declaration), status=403)
    return failed()


def _page_of(request, declaration):
    """The declaration read again with everything its page shows, after a refused post."""
    return selectors.get_declaration(request.user, declaration.pk)


# --- materials ----------------------------------------------------------------------------


def _own_material(declaration, material_pk) -> Material:
    return get_object_or_404(Material, pk=material_pk, declaration=declaration)


@require_POST
@login_required
def material_upload(request, pk):
    declaration = selectors.get_declaration_to_act_on(request.user, pk)
    form = declaration_forms.MaterialUploadForm(request.POST, request.FILES)
    return _posted_on_detail(
        request,
        declaration,
        form,
        lambda: services.upload_materials(
            declaration,
            actor=request.user,
            material_type=form.cleaned_data["material_type"],
            uploaded_files=form.cleaned_data["file"],
        ),
        success=lambda materials: (
            ngettext(
                "“%(names)s” was added.", "%(count)d files were added: %(names)s.", len(materials)
            )
            % {
                "count": len(materials),
                "names": pgettext("list separator", ", ").join(m.original_name for m in materials),
            }
        ),
        denied=_("You cannot add materials to this declaration."),
        then=detail_url(declaration, "#materials"),
        failed=lambda: render_detail(request, _page_of(request, declaration), upload_form=form),
    )


@require_POST
@login_required
def material_replace(request, pk, material_pk):
    declaration = selectors.get_declaration_to_act_on(request.user, pk)
    previous = _own_material(declaration, material_pk)
    form = declaration_forms.MaterialReplaceForm(request.POST, request.FILES)
    return _posted_on_detail(
        request,
        declaration,
        form,
        lambda: services.upload_material(
            declaration,
            actor=request.user,
            material_type="",
            uploaded_file=form.cleaned_data["file"],
            replaces=previous,
        ),
        success=lambda material: (
            _("“%(old)s” was replaced by “%(new)s”; the earlier version is kept.")
            % {"old": previous.original_name, "new": material.original_name}
        ),
        denied=_("You cannot replace this material."),
        then=detail_url(declaration, "#materials"),
        failed=lambda: render_detail(
            request, _page_of(request, declaration), replace=(previous.pk, form)
        ),
    )


@require_POST
@login_required
def material_remove(request, pk, material_pk):
    declaration = selectors.get_declaration_to_act_on(request.user, pk)
    material = _own_material(declaration, material_pk)
    removed = attempt(
        request,
        lambda: services.remove_material(material, actor=request.user),
        success=_("“%(name)s” was taken off the declaration; it is kept as an earlier version.")
        % {"name": material.original_name},
        denied=_("You cannot remove this material."),
    )
    if removed.denied:
        return render_detail(request, _page_of(request, declaration), status=403)
    return redirect(detail_url(declaration, "#materials"))


# --- unit publicity -----------------------------------------------------------------------


@require_GET
@login_required
def publicity_list(request):
    today = workflow.today()
    notices = list(selectors.unit_publicity_notices(request.user))
    for notice in notices:
        notice.days_left = working_days_left(notice.ends_on, today)
        notice.running = notice.starts_on <= today <= notice.ends_on
    return render(request, "applicants/publicity_list.html", {"notices": notices})


def _render_publicity(request, publicity, *, objection_form=None, resolve=None, status=200):
    today = workflow.today()
    declaration = publicity.declaration
    is_staff = selectors.is_unit_staff(declaration, request.user)
    objections = list(selectors.publicity_objections(publicity, request.user))
    resolve_forms = {}
    if is_staff:
        for objection in objections:
            if objection.is_resolved:
                continue
            if resolve and resolve[0] == objection.pk:
                resolve_forms[objection.pk] = resolve[1]
            else:
                resolve_forms[objection.pk] = declaration_forms.ResolveObjectionForm(
                    prefix=f"objection-{objection.pk}"
                )
    for objection in objections:
        objection.resolve_form = resolve_forms.get(objection.pk)
    running = publicity.starts_on <= today <= publicity.ends_on
    return render(
        request,
        "applicants/publicity_detail.html",
        {
            "publicity": publicity,
            "declaration": declaration,
            "objections": objections,
            "is_staff": is_staff,
            "running": running,
            "days_left": working_days_left(publicity.ends_on, today),
            "can_object": running and declaration.applicant_id != request.user.pk,
            "objection_form": objection_form or declaration_forms.ObjectionForm(),
        },
        status=status,
    )


@login_required
def publicity_detail(request, pk):
    publicity = selectors.get_unit_publicity(request.user, pk)
    if request.method != "POST":
        return _render_publicity(request, publicity)
    form = declaration_forms.ObjectionForm(request.POST)
    return post_form(
        request,
        form,
        lambda: services.raise_publicity_objection(
            publicity, actor=request.user, content=form.cleaned_data["content"]
        ),
        success=_("Your objection is recorded; the unit's HR staff will investigate it."),
        then=reverse("applicants:publicity-detail", kwargs={"pk": publicity.pk}),
        failed=lambda: _render_publicity(request, publicity, objection_form=form),
        refuse_permission=True,
    )


@require_POST
@login_required
def objection_resolve(request, pk):
    objection = get_object_or_404(selectors.objections_for_unit_staff(request.user), pk=pk)
    publicity = objection.publicity
    form = declaration_forms.ResolveObjectionForm(request.POST, prefix=f"objection-{objection.pk}")

    def failed():
        shown = selectors.unit_publicity_notices(request.user).filter(pk=publicity.pk).first()
        if shown is None:
            for message in form_messages(form):
                messages.error(request, message)
            return redirect(detail_url(publicity.declaration))
        return _render_publicity(request, shown, resolve=(objection.pk, form))

    return post_form(
        request,
        form,
        lambda: services.resolve_publicity_objection(
            objection,
            actor=request.user,
            resolution=form.cleaned_data["resolution"],
            upheld=form.cleaned_data["upheld"],
        ),
        success=_("The objection is resolved."),
        then=reverse("applicants:publicity-detail", kwargs={"pk": publicity.pk}),
        failed=failed,
        refuse_permission=True,
    )
