"""Writes for declarations. Each function is one thing a person (or the scheduler) does, in
one transaction; moves between states go through workflow.perform_transition. Bad input
raises ValidationError, the wrong person PermissionDenied, and either leaves nothing changed."""

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from applicants.materials import check_declaration_total, check_upload, check_uploads
from applicants.models import (
    Achievement,
    AnnualAssessment,
    Declaration,
    DeclarationBan,
    Material,
    PublicityObjection,
    UnitPublicity,
    VillageServicePeriod,
    WorkHistoryEntry,
)
from applicants.permissions import acting_membership, active_memberships
from applicants.workflow import SYSTEM, perform_transition, today
from audit.services import append_audit_record
from titles.models import EvaluationPlan, MaterialType
from titles.working_days import deadline_after

logger = logging.getLogger(__name__)
S = Declaration.Status

# The form fields an applicant fills in; the rest are set by the workflow.
FORM_FIELDS = (
    "channel",
    "education",
    "field_of_study",
    "work_started_on",
    "current_title_level",
    "current_title_name",
    "current_title_obtained_on",
    "professional_years",
    "skill_class",
    "serves_at_county_or_below",
    "is_civil_servant",
    "is_retired",
    "under_disciplinary_sanction",
    "personnel_file_elsewhere",
)
CHOICE_FIELDS = ("title", "specialty")


def _locked(declaration) -> Declaration:
    return (
        Declaration.objects.select_for_update(of=("self",))
        .select_related("employer__parent", "plan__jury", "plan__organizer", "title", "specialty")
        .get(pk=declaration.pk)
    )


def _check_title_choice(plan: EvaluationPlan, title, specialty) -> None:
    if not plan.titles.filter(pk=title.pk).exists():
        raise ValidationError(
            {
                "title": _("The plan “%(plan)s” does not evaluate %(title)s.")
                % {"plan": plan, "title": title}
            }
        )
    if title.by_examination:
        raise ValidationError(
            {
                "title": _("%(title)s is obtained by examination, not by evaluation.")
                % {"title": title}
            }
        )
    if specialty.series_id != title.series_id:
        raise ValidationError(
            {
                "specialty": _("Choose a specialty of the %(series)s series.")
                % {"series": title.series}
            }
        )


def _replace_rows(declaration, model, rows) -> None:
    """Replace a list on the form as a whole, after every row has been checked."""
    objects = []
    for index, row in enumerate(rows):
        obj = model(declaration=declaration, **row)
        try:
            obj.full_clean(exclude=["declaration"], validate_unique=False)
        except ValidationError as error:
            raise ValidationError(
                {
                    model._meta.verbose_name_plural: _("Row %(row)s: %(errors)s")
                    % {"row": index + 1, "errors": "; ".join(error.messages)}
                }
            ) from error
        objects.append(obj)
    if model is AnnualAssessment and len({obj.year for obj in objects}) != len(objects):
        raise ValidationError({"assessments": _("Give one annual assessment per year.")})
    model.objects.filter(declaration=declaration).delete()
    model.objects.bulk_create(objects)


def _fill_form(
    declaration, fields, work_history, assessments, achievements, village_periods=None
) -> list[str]:
    changed = []
    for name, value in fields.items():
        if name not in FORM_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        if getattr(declaration, name) != value:
            setattr(declaration, name, value)
            changed.append(name)
    obtained = declaration.current_title_obtained_on
    if obtained and obtained > today():
        raise ValidationError({"current_title_obtained_on": _("This date is in the future.")})
    declaration.full_clean(exclude=["applicant", "employer", "plan", "unit_commitment_by"])
    declaration.save()
    for name, model, rows in (
        ("work_history", WorkHistoryEntry, work_history),
        ("assessments", AnnualAssessment, assessments),
        ("achievements", Achievement, achievements),
        ("village_periods", VillageServicePeriod, village_periods),
    ):
        if rows is not None:
            _replace_rows(declaration, model, rows)
            changed.append(name)
    return changed


def _applicant_membership(actor, employer=None) -> Membership:
    memberships = [m for m in active_memberships(actor) if m.role == Role.APPLICANT]
    if employer is not None:
        memberships = [m for m in memberships if m.organization_id == employer.pk]
    if not memberships:
        raise PermissionDenied(_("Only an applicant of the declaring unit can declare."))
    if len(memberships) > 1:
        raise ValidationError({"employer": _("Choose the unit you declare through.")})
    return memberships[0]


def _record_unmoved(declaration, *, action, actor, membership, subject=None, reason="", payload):
    """Append to the chain a decision about `declaration` that leaves its state as it was."""
    append_audit_record(
        action=action,
        actor=actor,
        role=membership.role,
        organization=membership.organization,
        declaration=declaration,
        subject=subject,
        from_state=declaration.status,
        to_state=declaration.status,
        reason=reason,
        payload=payload,
    )


@transaction.atomic
def create_declaration(
    *,
    actor,
    plan: EvaluationPlan,
    title,
    specialty,
    employer=None,
    work_history=None,
    assessments=None,
    achievements=None,
    village_periods=None,
    **fields,
) -> Declaration:
    """A new draft for one title in one open plan, declared through the applicant's unit."""
    membership = _applicant_membership(actor, employer)
    if plan.status != EvaluationPlan.Status.OPEN:
        raise ValidationError(
            {"plan": _("The plan “%(plan)s” is not open for declarations.") % {"plan": plan}}
        )
    _check_title_choice(plan, title, specialty)
    if Declaration.objects.filter(applicant=actor, plan=plan).exclude(status=S.WITHDRAWN).exists():
        raise ValidationError({"plan": _("You already have a declaration in this plan.")})
    declaration = Declaration(
        applicant=actor,
        employer=membership.organization,
        plan=plan,
        title=title,
        specialty=specialty,
    )
    declaration.save()
    _fill_form(declaration, fields, work_history, assessments, achievements, village_periods)
    append_audit_record(
        action="create",
        actor=actor,
        role=Role.APPLICANT,
        organization=membership.organization,
        declaration=declaration,
        to_state=S.DRAFT,
    )
    return declaration


@transaction.atomic
def update_declaration(
    declaration,
    *,
    actor,
    title=None,
    specialty=None,
    work_history=None,
    assessments=None,
    achievements=None,
    village_periods=None,
    **fields,
) -> Declaration:
    """The applicant edits their form while it is a draft, returned, or under correction.
    Lists given replace the ones on the form."""
    declaration = _locked(declaration)
    membership = acting_membership(declaration, actor, [Role.APPLICANT])
    if membership is None:
        raise PermissionDenied(_("Only the applicant can change the declaration."))
    if not declaration.is_editable:
        raise ValidationError(
            _("A declaration that is “%(status)s” cannot be changed.")
            % {"status": declaration.get_status_display()}
        )
    changed = []
    if title is not None or specialty is not None:
        if declaration.status != S.DRAFT:
            raise ValidationError({"title": _("The title can only be changed in a draft.")})
        title = title or declaration.title
        specialty = specialty or declaration.specialty
        _check_title_choice(declaration.plan, title, specialty)
        declaration.title, declaration.specialty = title, specialty
        changed += ["title", "specialty"]
    changed += _fill_form(
        declaration, fields, work_history, assessments, achievements, village_periods
    )
    if changed:
        _record_unmoved(
            declaration,
            action="update",
            actor=actor,
            membership=membership,
            payload={"changed": sorted(set(changed))},
        )
    return declaration


# --- moves --------------------------------------------------------------------------------


def submit_declaration(declaration, *, actor, pledge: bool) -> Declaration:
    return perform_transition(declaration, "submit", actor=actor, pledge=pledge)


def withdraw_declaration(declaration, *, actor, reason: str = "") -> Declaration:
    return perform_transition(declaration, "withdraw", actor=actor, reason=reason)


def start_unit_publicity(declaration, *, actor, contact: str = "") -> Declaration:
    return perform_transition(declaration, "start_publicity", actor=actor, contact=contact)


def recommend_declaration(
    declaration,
    *,
    actor,
    commitment: bool,
    reason: str = "",
    social_insurance_since: date | None = None,
) -> Declaration:
    """The unit recommends, committing that the materials are true; for an applicant whose
    personnel file is held elsewhere it states when its social insurance contributions began
    (applicants/eligibility_periods.py)."""
    return perform_transition(
        declaration,
        "recommend",
        actor=actor,
        reason=reason,
        commitment=commitment,
        social_insurance_since=social_insurance_since,
    )


def return_declaration(declaration, *, actor, reason: str, items=()) -> Declaration:
    return perform_transition(declaration, "return", actor=actor, reason=reason, items=list(items))


def approve_at_department(declaration, *, actor, reason: str = "") -> Declaration:
    return perform_transition(declaration, "department_approve", actor=actor, reason=reason)


def start_qualification_check(declaration, *, actor) -> Declaration:
    return perform_transition(declaration, "start_check", actor=actor)


def qualify_declaration(declaration, *, actor, reason: str = "") -> Declaration:
    return perform_transition(declaration, "qualify", actor=actor, reason=reason)


def reject_declaration(declaration, *, actor, reason: str) -> Declaration:
    return perform_transition(declaration, "reject", actor=actor, reason=reason)


def request_correction(
    declaration, *, actor, items, deadline: date | None = None, reason: str = ""
) -> Declaration:
    """The one-time notice: every problem at once, and the date to correct them by."""
    if deadline is None:
        deadline = deadline_after(
            today(), settings.CORRECTION_DEADLINE_WORKING_DAYS, field="deadline"
        )
    return perform_transition(
        declaration,
        "request_correction",
        actor=actor,
        reason=reason,
        items=list(items),
        deadline=deadline,
    )


def resubmit_declaration(declaration, *, actor, pledge: bool) -> Declaration:
    return perform_transition(declaration, "resubmit", actor=actor, pledge=pledge)


def deem_declaration_withdrawn(declaration, *, actor) -> Declaration:
    """The office records by hand what the nightly task would: the correction deadline has
    passed without a resubmission. Whichever comes first moves it; the other is refused."""
    return perform_transition(
        declaration, "deem_withdrawn", actor=actor, reason=_("Correction deadline missed")
    )


def deem_overdue_corrections_withdrawn() -> int:
    """Mark every declaration whose correction deadline has passed as deemed withdrawn (视为
    放弃) and tell the applicant. Each in its own transaction; one resubmitted meanwhile is
    left alone by the move's guard."""
    overdue = (
        Declaration.objects.filter(
            status=S.CORRECTION_REQUESTED, correction_notices__deadline__lt=today()
        )
        .distinct()
        .order_by("pk")
    )
    done = 0
    for declaration in overdue:
        try:
            perform_transition(declaration, "deem_withdrawn", actor=None)
        except ValidationError:
            logger.info(
                "Declaration %s was not deemed withdrawn: it moved meanwhile.", declaration.pk
            )
            continue
        done += 1
    return done


# --- unit publicity -----------------------------------------------------------------------


@transaction.atomic
def raise_publicity_objection(
    publicity: UnitPublicity, *, actor, content: str
) -> PublicityObjection:
    """A member of the unit objects to a declaration while its publicity runs."""
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("Write the objection.")})
    publicity = UnitPublicity.objects.select_related("declaration").get(pk=publicity.pk)
    declaration = publicity.declaration
    membership = next(
        (m for m in active_memberships(actor) if m.organization_id == declaration.employer_id), None
    )
    if membership is None:
        raise PermissionDenied(_("Only members of the unit can object during its publicity."))
    if actor.pk == declaration.applicant_id:
        raise PermissionDenied(_("You cannot object to your own declaration."))
    if declaration.status != S.IN_UNIT_PUBLICITY or not (
        publicity.starts_on <= today() <= publicity.ends_on
    ):
        raise ValidationError(_("The publicity of this declaration is not running."))
    objection = PublicityObjection.objects.create(
        publicity=publicity, raised_by=actor, content=content
    )
    _record_unmoved(
        declaration,
        action="raise_objection",
        actor=actor,
        membership=membership,
        subject=objection,
        reason=content,
        payload={"objection": objection.pk},
    )
    return objection


@transaction.atomic
def resolve_publicity_objection(
    objection: PublicityObjection, *, actor, resolution: str, upheld: bool
) -> PublicityObjection:
    """The unit records what it found. An upheld objection means the declaration must be
    returned, not recommended."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError(
            {"resolution": _("Record how the objection was investigated and resolved.")}
        )
    objection = PublicityObjection.objects.select_for_update().get(pk=objection.pk)
    declaration = _locked(objection.publicity.declaration)
    membership = acting_membership(declaration, actor, [Role.EMPLOYER_HR])
    if membership is None:
        raise PermissionDenied(_("Only the unit's HR staff can resolve objections."))
    if objection.is_resolved:
        raise ValidationError(_("This objection is already resolved."))
    objection.resolution = resolution
    objection.upheld = bool(upheld)
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.save()
    _record_unmoved(
        declaration,
        action="resolve_objection",
        actor=actor,
        membership=membership,
        subject=objection,
        reason=resolution,
        payload={"objection": objection.pk, "upheld": objection.upheld},
    )
    return objection


# --- materials ----------------------------------------------------------------------------


def _material_source(declaration, actor) -> tuple[str, Membership]:
    """Applicants change their materials while they may edit the form; the unit attaches its
    own proof while it handles the declaration."""
    applicant = acting_membership(declaration, actor, [Role.APPLICANT])
    if applicant is not None:
        if not declaration.is_editable:
            raise ValidationError(
                _(
                    "Materials can only be changed while the declaration is a draft, returned, or "
                    "under correction."
                )
            )
        return Material.Source.APPLICANT, applicant
    unit = acting_membership(declaration, actor, [Role.EMPLOYER_HR])
    if unit is not None:
        if declaration.status not in (S.SUBMITTED, S.IN_UNIT_PUBLICITY):
            raise ValidationError(
                _(
                    "The unit attaches its proof while it checks the declaration, before "
                    "recommending it."
                )
            )
        return Material.Source.EMPLOYER, unit
    raise PermissionDenied(_("You cannot add materials to this declaration."))


@transaction.atomic
def upload_material(
    declaration, *, actor, material_type: str, uploaded_file, replaces: Material | None = None
) -> Material:
    """Store one proof file. Replacing keeps the previous version, no longer current. A
    refused file changes nothing."""
    declaration = _locked(declaration)
    source, membership = _material_source(declaration, actor)
    previous = None
    if replaces is not None:
        previous = (
            Material.objects.select_for_update()
            .filter(pk=replaces.pk, declaration=declaration, is_current=True)
            .first()
        )
        if previous is None:
            raise ValidationError(
                {"replaces": _("Only a current material of this declaration can be replaced.")}
            )
        if previous.source != source:
            raise PermissionDenied(_("You can only replace materials you provided."))
        material_type = material_type or previous.material_type
    if material_type not in MaterialType.values:
        raise ValidationError({"material_type": _("Choose the type of material.")})
    checked = check_upload(uploaded_file)
    current = declaration.materials.filter(is_current=True)
    if previous is not None:
        current = current.exclude(pk=previous.pk)
    check_declaration_total(current.aggregate(total=Sum("size"))["total"] or 0, checked.size)

    material = Material(
        declaration=declaration,
        material_type=material_type,
        source=source,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    material.file.save(f"upload{checked.extension}", uploaded_file, save=False)
    # The file is on disk before the row: if the rest fails, take it away again.
    try:
        with transaction.atomic():
            if previous is not None:
                previous.is_current = False
                previous.save(update_fields=["is_current"])
            material.previous = previous
            material.save()
            _record_unmoved(
                declaration,
                action="upload_material",
                actor=actor,
                membership=membership,
                payload={
                    "material": material.pk,
                    "type": material_type,
                    "sha256": checked.sha256,
                    "size": checked.size,
                    "replaces": previous.pk if previous else None,
                },
            )
    except Exception:
        material.file.delete(save=False)
        raise
    return material


@transaction.atomic
def upload_materials(declaration, *, actor, material_type: str, uploaded_files) -> list[Material]:
    """Store several proof files of one type, all or none: every file is checked first
    (applicants/materials.py `check_uploads`), a refusal names its file and stores nothing."""
    declaration = _locked(declaration)
    _material_source(declaration, actor)
    if material_type not in MaterialType.values:
        raise ValidationError({"material_type": _("Choose the type of material.")})
    current = declaration.materials.filter(is_current=True).aggregate(total=Sum("size"))
    check_uploads(uploaded_files, current["total"] or 0)
    stored = []
    try:
        for uploaded_file in uploaded_files:
            stored.append(
                upload_material(
                    declaration,
                    actor=actor,
                    material_type=material_type,
                    uploaded_file=uploaded_file,
                )
            )
    except Exception:
        # The rows roll back with this transaction; the files on disk must follow them.
        for material in stored:
            material.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def remove_material(material: Material, *, actor) -> Material:
    """Take a file off the declaration; it is kept as an earlier version, not deleted."""
    declaration = _locked(material.declaration)
    source, membership = _material_source(declaration, actor)
    material = Material.objects.select_for_update().get(pk=material.pk)
    if material.source != source:
        raise PermissionDenied(_("You can only remove materials you provided."))
    if not material.is_current:
        raise ValidationError(_("This material was already replaced or removed."))
    material.is_current = False
    material.save(update_fields=["is_current"])
    _record_unmoved(
        declaration,
        action="remove_material",
        actor=actor,
        membership=membership,
        payload={"material": material.pk, "sha256": material.sha256},
    )
    return material


# --- bans ---------------------------------------------------------------------------------


@transaction.atomic
def bar_from_declaring(
    person, *, actor, started_on: date, reason: str, role: str = Role.HR_BUREAU, organization=None
) -> DeclarationBan:
    """Bar a person from declaring (fraud: from the ban's year through FRAUD_BAN_YEARS after
    it). Called by whoever revokes a title; `actor` None for the system."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    ban = DeclarationBan.objects.create(
        person=person, started_on=started_on, reason=reason, created_by=actor
    )
    append_audit_record(
        action="bar_from_declaring",
        actor=actor,
        role=role if actor else SYSTEM,
        organization=organization,
        reason=reason,
        payload={"person": person.pk, "ban": ban.pk, "started_on": started_on},
    )
    return ban
