"""The declaration's page: the moves it offers (the Action table), its progress through the
stages, the record of decisions, the materials by type and the eligibility findings. The
views in applicants/views.py render it after a GET and after a refused form."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from applicants import forms as declaration_forms
from applicants import selectors, services, workflow
from applicants.eligibility import findings_held
from applicants.eligibility_reports import reports_beside
from applicants.models import Declaration, FormSection, Material
from applicants.moves import moves_for
from applicants.permissions import may_reveal_applicant_id, needs_department_review
from core.choice_codes import shown_code
from core.choice_labels import label_of
from core.masking import mask_id_number
from titles.models import MaterialType
from titles.working_days import working_days_left

S = Declaration.Status


def _open_one(actions: list[dict]) -> None:
    """Each move's form starts folded under its name, so that the page reads as a short list
    of what one can do; one starts open: the refused one (with its errors), else the first
    that changes nothing for the worse."""
    refused = [action for action in actions if action["form"].is_bound]
    gentle = [action for action in actions if not action["spec"].danger]
    opened = (refused or gentle or actions)[:1]
    for action in actions:
        action["open"] = action in opened


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
        declaration_forms.StartPublicityForm,
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
    "deem_withdrawn": Action(
        declaration_forms.NoFieldsForm,
        services.deem_declaration_withdrawn,
        gettext_lazy("The declaration was deemed withdrawn."),
        confirm=gettext_lazy(
            "Deem this declaration withdrawn? The correction deadline has passed; this ends it."
        ),
        help=gettext_lazy(
            "The correction deadline has passed without a resubmission. The nightly task does "
            "this too; recording it now tells the applicant at once."
        ),
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
    return label_of(S, value, value)


def _role_label(value) -> str:
    return label_of(Role, value) or _("System")


def _items(items) -> list[tuple[str, str]]:
    return [
        (
            label_of(FormSection, item.get("section"), ""),
            item.get("problem", ""),
        )
        for item in items or ()
    ]


def _trail(declaration, reader) -> list[dict]:
    labels = {transition.name: transition.label for transition in workflow.TRANSITIONS}
    labels.update(RECORD_LABELS)
    entries = []
    for record in selectors.audit_trail(declaration, reader=reader):
        payload = record.payload or {}
        material_type = payload.get("type")
        entries.append(
            {
                "record": record,
                "label": labels.get(record.action, record.action),
                # Who, as the reader may know it (selectors.audit_trail conceals experts and
                # objectors from those who may not).
                "who": record.shown_actor,
                "role": _role_label(record.shown_role) if record.shown_role is not None else "",
                "reason": record.shown_reason,
                "moved": record.from_state != record.to_state,
                "from": _status_label(record.from_state) if record.from_state else "",
                "to": _status_label(record.to_state) if record.to_state else "",
                "items": _items(payload.get("items")),
                "deadline": payload.get("deadline"),
                "material": label_of(MaterialType, material_type, ""),
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


def render_detail(
    request,
    declaration,
    *,
    bound=None,
    upload_form=None,
    replace=None,
    status=200,
    id_number_shown=False,
):
    """The declaration's page. `bound` holds the form of a refused move (with its errors),
    `replace` the (material id, form) of a refused replacement. The applicant's ID number is
    masked but for the applicant themself, or when `id_number_shown` (a recorded reveal)."""
    with findings_held(declaration):
        return _render_detail(
            request,
            declaration,
            bound=bound or {},
            upload_form=upload_form,
            replace=replace,
            status=status,
            id_number_shown=id_number_shown,
        )


def _render_detail(request, declaration, *, bound, upload_form, replace, status, id_number_shown):
    today = workflow.today()
    user = request.user
    # Only the moves that would succeed now; the others say why and when they open. The
    # later stages' moves have their own pages.
    moves = moves_for(declaration, user)
    actions = []
    for name in dict.fromkeys(moves.available_names):
        if name not in ACTIONS:
            continue
        spec = ACTIONS[name]
        form = bound.get(name) or spec.form(prefix=name, today=today)
        actions.append({"name": name, "label": _action_label(name), "spec": spec, "form": form})
    _open_one(actions)
    blocked_actions = [move for move in moves.blocked if move.name in ACTIONS]
    trail = _trail(declaration, user)
    notices = list(declaration.correction_notices.all())
    notice = notices[0] if notices else None
    publicities = list(declaration.publicities.all())
    publicity = publicities[0] if publicities else None
    groups, removed = _material_groups(declaration)
    source = selectors.material_source(declaration, user)
    refused = [(_action_label(name), form_messages(form)) for name, form in bound.items()]
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
            **_findings_now_and_reported(declaration),
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
            "blocked_actions": blocked_actions,
            "refused": refused,
            **_id_number(request, declaration, shown=id_number_shown),
        },
        status=status,
    )


def _id_number(request, declaration, *, shown) -> dict:
    """The applicant's ID document as the page shows it: whole for the applicant and after a
    reveal, masked otherwise, with the "show" button for those who may reveal it."""
    applicant = declaration.applicant
    own = declaration.applicant_id == request.user.pk
    whole = own or shown
    number = applicant.id_number
    membership = getattr(request, "membership", None)
    return {
        "applicant_id_type": applicant.get_id_type_display(),
        "applicant_id_number": number if whole else mask_id_number(number),
        "id_number_revealed": shown and not own,
        "may_reveal_id_number": not whole
        and may_reveal_applicant_id(request.user, membership, declaration),
    }


def _findings(declaration) -> list[dict]:
    """The findings, each with its evidence as (name, value) pairs to show."""

    def shown(value):
        return "—" if value is None else shown_code(value)

    return [
        {
            "finding": finding,
            "evidence": [(name, shown(value)) for name, value in finding.evidence.items()],
        }
        for finding in selectors.declaration_findings(declaration)
    ]


def _findings_now_and_reported(declaration) -> dict:
    """Today's findings, and beside them the findings as reported at each submission, what
    differs marked (applicants/eligibility_reports.py)."""
    findings = _findings(declaration)
    today = [item["finding"] for item in findings]
    return {"findings": findings, "findings_reports": reports_beside(declaration, today)}


def form_messages(form) -> list[str]:
    found = []
    for field_errors in form.errors.values():
        found.extend(field_errors)
    found.extend(getattr(form, "items_errors", ()))
    if getattr(form, "items", None) is not None:
        for row in form.items.errors:
            for field_errors in row.values():
                found.extend(field_errors)
    return list(dict.fromkeys(str(message) for message in found))


def detail_url(declaration, anchor="") -> str:
    return reverse("applicants:detail", args=[declaration.pk]) + anchor
