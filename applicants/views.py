"""The declaration pages (stages 1 to 4: the applicant's form and materials, the unit's check
and publicity, the department's review, the office's qualification check) and the downloads
that must pass a permission check: proof materials and the office's roster. Thin: each page
reads through the selectors, each form calls one service and shows its refusal as it is. A
declaration or file outside the user's scope answers 404, as if it did not exist."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import add_service_errors
from accounts.models import Role
from applicants import forms as declaration_forms
from applicants import selectors, services, workflow
from applicants.models import (
    Achievement,
    AnnualAssessment,
    Declaration,
    FormSection,
    Material,
    WorkHistoryEntry,
)
from applicants.permissions import needs_department_review
from applicants.roster_export import roster_filename, write_roster
from config.spreadsheets import XLSX_CONTENT_TYPE as XLSX
from titles.models import EvaluationPlan, MaterialType
from titles.selectors import plans_visible_to
from titles.working_days import working_days_left

S = Declaration.Status
PAGE_SIZE = 25


def material_response(material) -> FileResponse:
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
    return material_response(selectors.get_material(request.user, pk))


def roster_response(plan) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{roster_filename(plan)}"'
    write_roster(selectors.roster_declarations(plan), response, heading=plan.name)
    return response


@require_GET
@login_required
def plan_roster(request, plan_id):
    return roster_response(get_object_or_404(selectors.office_plans(request.user), pk=plan_id))


# --- the list -----------------------------------------------------------------------------


@require_GET
@login_required
def declaration_list(request):
    """The declarations of the role the user acts in: the applicant's own, the unit's people,
    the department's units, the office's plans, the bureau's."""
    membership = request.membership
    if membership is None:
        declarations = Declaration.objects.none()
    else:
        declarations = selectors.declaration_list_for_membership(membership)
    filters = declaration_forms.DeclarationFilterForm(
        request.GET or None, plans=selectors.plans_of(declarations)
    )
    page = Paginator(filters.filter(declarations), PAGE_SIZE).get_page(request.GET.get("page"))
    chosen_plan = filters.is_bound and filters.cleaned_data.get("plan")
    # The plan choices are the office's own plans, so a chosen one is the office's to export.
    roster_plan = chosen_plan if chosen_plan and membership.role == Role.JURY_OFFICE else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applicants/declaration_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "filtered": any(request.GET.get(name) for name in ("q", "status", "plan")),
            "can_declare": membership is not None and membership.role == Role.APPLICANT,
            "is_applicant": membership is not None and membership.role == Role.APPLICANT,
            "roster_plan": roster_plan,
        },
    )


# --- the applicant's form -----------------------------------------------------------------

ROW_MODELS = {
    "work_history": WorkHistoryEntry,
    "assessments": AnnualAssessment,
    "achievements": Achievement,
}


def _show_form_errors(form, formsets, error: ValidationError) -> None:
    """A service's refusal next to the field or list it names, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    by_list = {}
    for formset in formsets:
        by_list[formset.key] = formset
        by_list[str(ROW_MODELS[formset.key]._meta.verbose_name_plural)] = formset
    for field, field_messages in error.message_dict.items():
        if field in by_list:
            by_list[field].service_errors = [
                *getattr(by_list[field], "service_errors", ()),
                *field_messages,
            ]
        elif field in form.fields:
            form.add_error(field, field_messages)
        else:
            form.add_error(None, field_messages)


def _declaration_form(request, declaration, plans):
    data = request.POST if request.method == "POST" else None
    form = declaration_forms.DeclarationForm(data, plans=plans, declaration=declaration)
    formsets = declaration_forms.row_formsets(data, declaration)
    if data is not None:
        valid = [form.is_valid()] + [formset.is_valid() for formset in formsets]
        if all(valid):
            lists = {
                formset.key: formset.rows()
                for formset in formsets
                if declaration is None or formset.has_changed()
            }
            try:
                if declaration is None:
                    declaration = services.create_declaration(
                        actor=request.user,
                        employer=request.membership.organization,
                        **form.service_fields(),
                        **lists,
                    )
                    done = _("Your declaration is saved as a draft. Add the proof materials next.")
                else:
                    services.update_declaration(
                        declaration, actor=request.user, **form.service_fields(), **lists
                    )
                    done = _("Your changes are saved.")
            except ValidationError as error:
                _show_form_errors(form, formsets, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You may not change this declaration."))
            else:
                messages.success(request, done)
                return redirect("applicants:detail", pk=declaration.pk)
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
    declaration = selectors.get_declaration(request.user, pk)
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


@dataclass(frozen=True)
class Action:
    """A move as the page offers it: its form, the service that performs it, what to say
    when it is done, and the question asked first when it cannot be undone."""

    form: type
    service: object
    done: str
    confirm: str = ""
    help: str = ""
    danger: bool = False


ACTIONS = {
    "submit": Action(
        declaration_forms.PledgeForm,
        services.submit_declaration,
        gettext_lazy("Your declaration was submitted to your unit."),
        confirm=gettext_lazy(
            "Submit this declaration to your unit? You cannot change it while it is checked."
        ),
        help=gettext_lazy("Solve every blocking finding above first, then sign the pledge."),
    ),
    "resubmit": Action(
        declaration_forms.PledgeForm,
        services.resubmit_declaration,
        gettext_lazy("Your corrected declaration went back to the jury office."),
        confirm=gettext_lazy("Resubmit the corrected declaration?"),
        help=gettext_lazy("Correct every item of the notice first, then sign the pledge again."),
    ),
    "start_publicity": Action(
        declaration_forms.NoFieldsForm,
        services.start_unit_publicity,
        gettext_lazy("The unit publicity has started."),
        help=gettext_lazy(
            "Check the materials against the originals first. The unit's members see the notice "
            "and may object until it ends."
        ),
    ),
    "recommend": Action(
        declaration_forms.RecommendForm,
        services.recommend_declaration,
        gettext_lazy("The declaration was recommended."),
        confirm=gettext_lazy("Recommend this declaration?"),
        help=gettext_lazy(
            "Possible once the unit publicity has ended with every objection resolved."
        ),
    ),
    "department_approve": Action(
        declaration_forms.ReasonForm,
        services.approve_at_department,
        gettext_lazy("The declaration was forwarded to the jury office."),
        confirm=gettext_lazy("Approve this declaration and forward it to the jury office?"),
    ),
    "start_check": Action(
        declaration_forms.NoFieldsForm,
        services.start_qualification_check,
        gettext_lazy("The qualification check has started."),
    ),
    "qualify": Action(
        declaration_forms.ReasonForm,
        services.qualify_declaration,
        gettext_lazy("The declaration passed the qualification check."),
        confirm=gettext_lazy("Pass the qualification check of this declaration?"),
    ),
    "request_correction": Action(
        declaration_forms.CorrectionForm,
        services.request_correction,
        gettext_lazy("The correction notice was sent to the applicant."),
        confirm=gettext_lazy(
            "Send this correction notice? It can be sent only once, so it must list every problem."
        ),
        help=gettext_lazy(
            "One notice only (一次性告知): list every problem now, one per row. Without a "
            "correction by the deadline the declaration is deemed withdrawn."
        ),
    ),
    "return": Action(
        declaration_forms.ReturnForm,
        services.return_declaration,
        gettext_lazy("The declaration was returned to the applicant."),
        confirm=gettext_lazy("Return this declaration to the applicant?"),
        help=gettext_lazy("Give the reason, and point at the sections of the form at fault."),
        danger=True,
    ),
    "reject": Action(
        declaration_forms.RejectForm,
        services.reject_declaration,
        gettext_lazy("The declaration was rejected."),
        confirm=gettext_lazy("Reject this declaration?"),
        danger=True,
    ),
    "withdraw": Action(
        declaration_forms.WithdrawForm,
        services.withdraw_declaration,
        gettext_lazy("The declaration was withdrawn."),
        confirm=gettext_lazy("Withdraw this declaration? This cannot be undone."),
        danger=True,
    ),
}

# Stages of the pipeline as the page shows them: (key, label, states in it).
STAGES = (
    ("declaration", gettext_lazy("Declaration"), {S.DRAFT, S.RETURNED}),
    ("unit", gettext_lazy("Unit recommendation"), {S.SUBMITTED, S.IN_UNIT_PUBLICITY}),
    ("department", gettext_lazy("Competent-department review"), {S.DEPARTMENT_REVIEW}),
    (
        "check",
        gettext_lazy("Qualification check"),
        {S.RECOMMENDED, S.QUALIFICATION_CHECK, S.CORRECTION_REQUESTED},
    ),
    ("review", gettext_lazy("Jury review"), {S.QUALIFIED, S.IN_REVIEW, S.PASSED, S.FAILED}),
    ("publicity", gettext_lazy("Result publicity"), {S.IN_RESULT_PUBLICITY}),
    ("certificate", gettext_lazy("Filing and certificate"), {S.FILED, S.CERTIFIED, S.REVOKED}),
)
ENDED = {S.WITHDRAWN, S.DEEMED_WITHDRAWN, S.REJECTED}
RECORD_LABELS = {
    "create": gettext_lazy("Draft created"),
    "update": gettext_lazy("Form changed"),
    "upload_material": gettext_lazy("Material uploaded"),
    "remove_material": gettext_lazy("Material removed"),
    "raise_objection": gettext_lazy("Objection raised in the unit publicity"),
    "resolve_objection": gettext_lazy("Publicity objection resolved"),
}


def _action_label(name) -> str:
    return next(t.label for t in workflow.TRANSITIONS if t.name == name)


def _status_label(value) -> str:
    return S(value).label if value in S.values else value


def _role_label(value) -> str:
    return Role(value).label if value in Role.values else _("System")


def _items(items) -> list[tuple[str, str]]:
    return [
        (
            FormSection(item["section"]).label if item.get("section") in FormSection.values else "",
            item.get("problem", ""),
        )
        for item in items or ()
    ]


def _trail(declaration) -> list[dict]:
    labels = {transition.name: transition.label for transition in workflow.TRANSITIONS}
    labels.update(RECORD_LABELS)
    entries = []
    for record in selectors.audit_trail(declaration):
        payload = record.payload or {}
        material_type = payload.get("type")
        entries.append(
            {
                "record": record,
                "label": labels.get(record.action, record.action),
                "role": _role_label(record.role),
                "moved": record.from_state != record.to_state,
                "from": _status_label(record.from_state) if record.from_state else "",
                "to": _status_label(record.to_state) if record.to_state else "",
                "items": _items(payload.get("items")),
                "deadline": payload.get("deadline"),
                "material": MaterialType(material_type).label
                if material_type in MaterialType.values
                else "",
            }
        )
    return entries


def _stages(declaration, trail) -> list[dict]:
    status = declaration.status
    if status in ENDED:
        moves = [entry["record"] for entry in trail if entry["record"].to_state == status]
        status_for_stage = moves[-1].from_state if moves else S.DRAFT
    else:
        status_for_stage = status
    stages = [
        stage
        for stage in STAGES
        if stage[0] != "department" or needs_department_review(declaration)
    ]
    current = next(
        (
            index
            for index, (_key, _label, states) in enumerate(stages)
            if status_for_stage in states
        ),
        0,
    )
    reached = {}
    for entry in trail:
        for key, _label, states in stages:
            if entry["record"].to_state in states:
                reached.setdefault(key, entry["record"].created_at)
    result = []
    for index, (key, label, _states) in enumerate(stages):
        if index < current:
            state = "done"
        elif index == current:
            state = "stopped" if status in ENDED else "current"
        else:
            state = "upcoming"
        result.append({"key": key, "label": label, "state": state, "since": reached.get(key)})
    return result


def _material_groups(declaration) -> tuple[list[dict], list[Material]]:
    """Current materials by type, each with the versions it replaced, the types the title
    requires included; and the files taken off the declaration."""
    materials = selectors.declaration_materials(declaration)
    by_pk = {material.pk: material for material in materials}
    replaced = {material.previous_id for material in materials if material.previous_id}
    required = selectors.required_material_types(declaration)
    entries = {}
    for material in materials:
        if not material.is_current:
            continue
        earlier = []
        previous = by_pk.get(material.previous_id)
        while previous is not None:
            earlier.append(previous)
            previous = by_pk.get(previous.previous_id)
        entries.setdefault(material.material_type, []).append(
            {"material": material, "earlier": earlier}
        )
    groups = [
        {
            "type": kind,
            "label": label,
            "required": kind in required,
            "entries": entries.get(kind, []),
        }
        for kind, label in MaterialType.choices
        if kind in required or kind in entries
    ]
    removed = [m for m in materials if not m.is_current and m.pk not in replaced]
    return groups, removed


def _render_detail(request, declaration, *, bound=None, upload_form=None, replace=None, status=200):
    """The declaration's page. `bound` holds the form of a refused move (with its errors),
    `replace` the (material id, form) of a refused replacement."""
    bound = bound or {}
    today = workflow.today()
    user = request.user
    actions = []
    names = dict.fromkeys(t.name for t in workflow.available_transitions(declaration, user))
    for name in names:
        if name not in ACTIONS:
            continue  # the later stages' moves have their own pages
        spec = ACTIONS[name]
        form = bound.get(name) or spec.form(prefix=name, today=today)
        actions.append({"name": name, "label": _action_label(name), "spec": spec, "form": form})
    trail = _trail(declaration)
    notices = list(declaration.correction_notices.all())
    notice = notices[0] if notices else None
    publicities = list(declaration.publicities.all())
    publicity = publicities[0] if publicities else None
    groups, removed = _material_groups(declaration)
    source = selectors.material_source(declaration, user)
    refused = [(_action_label(name), _form_messages(form)) for name, form in bound.items()]
    last_return = next(
        (entry for entry in reversed(trail) if entry["record"].to_state == S.RETURNED), None
    )
    return render(
        request,
        "applicants/declaration_detail.html",
        {
            "declaration": declaration,
            "is_applicant": declaration.applicant_id == user.pk,
            "can_edit": declaration.applicant_id == user.pk and declaration.is_editable,
            "is_unit_staff": selectors.is_unit_staff(declaration, user),
            "findings": _findings(declaration),
            "trail": trail,
            "stages": _stages(declaration, trail),
            "messages_sent": selectors.messages_about(declaration),
            "notice": notice,
            "notice_items": _items(notice.items) if notice else [],
            "notice_days_left": working_days_left(notice.deadline, today) if notice else None,
            "last_return": last_return if declaration.status == S.RETURNED else None,
            "publicity": publicity,
            "publicity_days_left": working_days_left(publicity.ends_on, today)
            if publicity
            else None,
            "publicity_running": publicity is not None
            and declaration.status == S.IN_UNIT_PUBLICITY
            and publicity.starts_on <= today <= publicity.ends_on,
            "material_groups": groups,
            "removed_materials": removed,
            "material_source": source,
            "upload_form": upload_form or declaration_forms.MaterialUploadForm(),
            "replace_target": replace[0] if replace else None,
            "replace_form": replace[1] if replace else declaration_forms.MaterialReplaceForm(),
            "actions": actions,
            "refused": refused,
        },
        status=status,
    )


def _findings(declaration) -> list[dict]:
    """The findings, each with its evidence as (name, value) pairs to show."""

    def shown(value):
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return "—" if value is None else value

    return [
        {
            "finding": finding,
            "evidence": [(name, shown(value)) for name, value in finding.evidence.items()],
        }
        for finding in selectors.declaration_findings(declaration)
    ]


def _form_messages(form) -> list[str]:
    found = []
    for field_errors in form.errors.values():
        found.extend(field_errors)
    found.extend(getattr(form, "items_errors", ()))
    if getattr(form, "items", None) is not None:
        for row in form.items.errors:
            for field_errors in row.values():
                found.extend(field_errors)
    return list(dict.fromkeys(str(message) for message in found))


def _detail_url(declaration, anchor="") -> str:
    return reverse("applicants:detail", args=[declaration.pk]) + anchor


@require_GET
@login_required
def declaration_detail(request, pk):
    return _render_detail(request, selectors.get_declaration(request.user, pk))


@require_POST
@login_required
def declaration_action(request, pk, action):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    declaration = selectors.get_declaration(request.user, pk)
    form = spec.form(request.POST, prefix=action, today=workflow.today())
    if form.is_valid():
        try:
            spec.service(declaration, actor=request.user, **form.service_kwargs())
        except PermissionDenied as error:
            messages.error(request, str(error) or _("You may not do this."))
            return _render_detail(request, declaration, status=403)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, spec.done)
            return redirect(_detail_url(declaration))
    # Refused: nothing changed; the page shows why, with what was typed.
    declaration = selectors.get_declaration(request.user, pk)
    return _render_detail(request, declaration, bound={action: form})


# --- materials ----------------------------------------------------------------------------


def _own_material(declaration, material_pk) -> Material:
    return get_object_or_404(Material, pk=material_pk, declaration=declaration)


@require_POST
@login_required
def material_upload(request, pk):
    declaration = selectors.get_declaration(request.user, pk)
    form = declaration_forms.MaterialUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            material = services.upload_material(
                declaration,
                actor=request.user,
                material_type=form.cleaned_data["material_type"],
                uploaded_file=form.cleaned_data["file"],
            )
        except PermissionDenied as error:
            messages.error(
                request, str(error) or _("You cannot add materials to this declaration.")
            )
            return _render_detail(request, declaration, status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": material.original_name})
            return redirect(_detail_url(declaration, "#materials"))
    return _render_detail(request, declaration, upload_form=form)


@require_POST
@login_required
def material_replace(request, pk, material_pk):
    declaration = selectors.get_declaration(request.user, pk)
    previous = _own_material(declaration, material_pk)
    form = declaration_forms.MaterialReplaceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            material = services.upload_material(
                declaration,
                actor=request.user,
                material_type="",
                uploaded_file=form.cleaned_data["file"],
                replaces=previous,
            )
        except PermissionDenied as error:
            messages.error(request, str(error) or _("You cannot replace this material."))
            return _render_detail(request, declaration, status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(old)s” was replaced by “%(new)s”; the earlier version is kept.")
                % {"old": previous.original_name, "new": material.original_name},
            )
            return redirect(_detail_url(declaration, "#materials"))
    return _render_detail(request, declaration, replace=(previous.pk, form))


@require_POST
@login_required
def material_remove(request, pk, material_pk):
    declaration = selectors.get_declaration(request.user, pk)
    material = _own_material(declaration, material_pk)
    try:
        services.remove_material(material, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You cannot remove this material."))
        return _render_detail(request, declaration, status=403)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("“%(name)s” was taken off the declaration; it is kept as an earlier version.")
            % {"name": material.original_name},
        )
    return redirect(_detail_url(declaration, "#materials"))


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
    if form.is_valid():
        try:
            services.raise_publicity_objection(
                publicity, actor=request.user, content=form.cleaned_data["content"]
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                form.add_error(None, str(error))
            else:
                add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your objection is recorded; the unit's HR staff will investigate it.")
            )
            return redirect("applicants:publicity-detail", pk=publicity.pk)
    return _render_publicity(request, publicity, objection_form=form)


@require_POST
@login_required
def objection_resolve(request, pk):
    objection = get_object_or_404(selectors.objections_for_unit_staff(request.user), pk=pk)
    publicity = objection.publicity
    form = declaration_forms.ResolveObjectionForm(request.POST, prefix=f"objection-{objection.pk}")
    if form.is_valid():
        try:
            services.resolve_publicity_objection(
                objection,
                actor=request.user,
                resolution=form.cleaned_data["resolution"],
                upheld=form.cleaned_data["upheld"],
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The objection is resolved."))
            return redirect("applicants:publicity-detail", pk=publicity.pk)
    publicity = selectors.unit_publicity_notices(request.user).filter(pk=publicity.pk).first()
    if publicity is None:
        for message in _form_messages(form):
            messages.error(request, message)
        return redirect(_detail_url(objection.publicity.declaration))
    return _render_publicity(request, publicity, resolve=(objection.pk, form))
