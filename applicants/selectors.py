"""Reads for declarations, always scoped to what the reader may see (applicants/permissions.py):
a declaration outside the reader's scope does not exist for them (404)."""

from django.db.models import Min, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from applicants.eligibility import Finding, evaluate_eligibility
from applicants.eligibility_checks import youth_aid_defense_waived
from applicants.models import (
    CorrectionNotice,
    Declaration,
    Material,
    PublicityObjection,
    UnitPublicity,
)
from applicants.notifications import declaration_url
from applicants.permissions import (
    acting_membership,
    active_memberships,
    declarations_for_membership,
    may_see_objectors,
    may_see_reviewer_names,
    visible_declarations,
    visible_materials,
)
from applicants.requirements import condition_in_force
from applicants.workflow import today
from audit.models import AuditRecord
from notifications.models import Notification
from titles.models import EvaluationPlan

S = Declaration.Status
LIST_RELATED = ("applicant", "employer", "plan", "title", "specialty")
# What a declaration's page and a state move read besides the declaration itself.
DETAIL_RELATED = (
    "applicant",
    "employer__parent",
    "plan__jury",
    "plan__organizer",
    "title__series",
    "specialty",
)
# The lists of rows the declaration's form edits (applicants/forms.py ROW_LISTS).
FORM_ROWS = ("work_history", "assessments", "achievements", "village_periods")
# A plan's qualification evaluation objects: the declarations that passed the check.
ROSTER_STATES = (
    S.QUALIFIED,
    S.IN_REVIEW,
    S.PASSED,
    S.FAILED,
    S.IN_RESULT_PUBLICITY,
    S.FILED,
    S.CERTIFIED,
)


def declaration_list(user) -> QuerySet[Declaration]:
    return visible_declarations(user).select_related(*LIST_RELATED).order_by("-updated_at", "-pk")


def declaration_list_for_membership(membership: Membership) -> QuerySet[Declaration]:
    return (
        declarations_for_membership(membership)
        .select_related(*LIST_RELATED)
        .order_by("-updated_at", "-pk")
    )


def declaration_detail_queryset(user) -> QuerySet[Declaration]:
    return (
        visible_declarations(user)
        .select_related(*DETAIL_RELATED)
        .prefetch_related(
            "work_history",
            "assessments",
            "achievements",
            # Every version: the page lists the replaced ones, the checks read the current.
            Prefetch("materials", queryset=Material.objects.select_related("uploaded_by")),
            Prefetch(
                "publicities",
                queryset=UnitPublicity.objects.prefetch_related(
                    Prefetch(
                        "objections",
                        queryset=PublicityObjection.objects.order_by("raised_at", "pk"),
                    )
                ),
            ),
            Prefetch("correction_notices", queryset=CorrectionNotice.objects.all()),
        )
    )


def _one(declarations: QuerySet[Declaration], pk) -> Declaration:
    # One row by its key: unordered, since ordering it would hash each of its hundred and
    # more selected columns in Django's compiler and sort it in PostgreSQL.
    found = list(declarations.filter(pk=pk).order_by()[:1])
    if not found:
        raise Http404
    return found[0]


def get_declaration(user, pk) -> Declaration:
    """The declaration with everything its page shows."""
    return _one(declaration_detail_queryset(user), pk)


def get_declaration_for_form(user, pk) -> Declaration:
    """The declaration with the row lists of its form, nothing else of its page."""
    return _one(
        visible_declarations(user).select_related(*DETAIL_RELATED).prefetch_related(*FORM_ROWS),
        pk,
    )


def get_declaration_to_act_on(user, pk) -> Declaration:
    """The declaration's own row, for a form posted from its page: the service reads what it
    needs under its lock, and the page is read again only when shown with a refusal."""
    return _one(visible_declarations(user), pk)


def declaration_findings(declaration) -> list[Finding]:
    return evaluate_eligibility(declaration)


def defense_waived(declaration) -> bool:
    """Whether the candidate declares without interview or defense (youth aid channel)."""
    return youth_aid_defense_waived(declaration)


# The declaration's moves made by the chair presiding over its review meeting
# (juries/workflow_roles.py); any other record in an expert's name is the jury's.
CHAIR_MOVES = ("pass", "fail")
OBJECTION_RAISED = "raise_objection"


def _without_names(text: str, names) -> str:
    """`text` with each of `names` taken out (with the space before it, if any)."""
    for name in names:
        if name:
            text = text.replace(f" {name}", "").replace(name, "")
    return text


# A trail names people and units, nothing else of them: a person's other columns (the ID
# number and phone, decrypted as they are read) cost more than the record itself, once per
# record, and a draft's trail grows with every file uploaded.
TRAIL_COLUMNS = (
    *(field.name for field in AuditRecord._meta.concrete_fields),
    "actor__real_name",
    "actor__username",
    "organization__name",
)


def audit_trail(declaration, *, reader) -> list[AuditRecord]:
    """The declaration's record of decisions, oldest first, as `reader` may read it. Each
    record carries what to show of it: `shown_actor` (the actor's name, a neutral
    attribution, or "" for the system), `shown_role` (None: not shown), `shown_reason`, and
    `concealed`.

    - Experts are named only to the jury office and the HR bureau
      (`may_see_reviewer_names`): anyone else reads "the chair" for the presiding chair's
      pass or fail and "the jury" for any other expert, and no expert's name in the reason
      (records written before reasons stopped naming the chair still do).
    - Who raised an objection in the unit publicity is read only by the unit's HR staff and
      the jury office (`may_see_objectors`): anyone else, the declarant first, reads "a
      member of the unit", with neither the objector's role nor the objection's text (which
      the publicity's own section shows to the unit's HR staff only)."""
    records = list(
        AuditRecord.objects.filter(declaration=declaration)
        .select_related("actor", "organization")
        .only(*TRAIL_COLUMNS)
        .order_by("pk")
    )
    rights = {}

    def may(predicate) -> bool:
        if predicate not in rights:
            rights[predicate] = predicate(reader, declaration)
        return rights[predicate]

    for record in records:
        record.concealed = False
        record.shown_actor = record.actor.real_name if record.actor else ""
        record.shown_role = record.role
        record.shown_reason = record.reason
        if record.role == Role.EXPERT and not may(may_see_reviewer_names):
            record.concealed = True
            record.shown_actor = _("the chair") if record.action in CHAIR_MOVES else _("the jury")
            if record.actor:
                record.shown_reason = _without_names(record.reason, [record.actor.real_name])
        elif record.action == OBJECTION_RAISED and not may(may_see_objectors):
            record.concealed = True
            record.shown_actor = _("a member of the unit")
            record.shown_role = None
            record.shown_reason = ""
    return records


def material_versions(material: Material) -> list[Material]:
    """The material and the versions it replaced, newest first."""
    versions = []
    while material is not None:
        versions.append(material)
        material = material.previous
    return versions


def get_material(user, pk) -> Material:
    material = visible_materials(user).select_related("declaration").filter(pk=pk).first()
    if material is None:
        raise Http404
    return material


def unit_publicity_notices(user) -> QuerySet[UnitPublicity]:
    """The running and ended-but-undecided publicities of the units the user belongs to."""
    units = {m.organization_id for m in active_memberships(user)}
    return (
        UnitPublicity.objects.filter(
            declaration__employer_id__in=units,
            declaration__status=S.IN_UNIT_PUBLICITY,
            starts_on__lte=today(),
        )
        .select_related(
            "declaration__applicant",
            "declaration__employer",
            "declaration__title",
            "declaration__specialty",
            "declaration__plan",
        )
        .order_by("ends_on", "pk")
    )


def get_unit_publicity(user, pk) -> UnitPublicity:
    publicity = unit_publicity_notices(user).filter(pk=pk).first()
    if publicity is None:
        raise Http404
    return publicity


def objections_for_unit_staff(user) -> QuerySet[PublicityObjection]:
    units = [
        m.organization_id
        for m in active_memberships(user)
        if m.role in (Role.EMPLOYER_HR, Role.HR_BUREAU)
    ]
    return PublicityObjection.objects.filter(
        publicity__declaration__employer_id__in=units
    ).select_related("publicity__declaration", "raised_by")


def roster_declarations(plan: EvaluationPlan) -> QuerySet[Declaration]:
    return (
        Declaration.objects.filter(plan=plan, status__in=ROSTER_STATES)
        .select_related("applicant", "employer", "title", "specialty")
        .order_by("specialty__code", "title__level", "employer__name", "applicant__real_name", "pk")
    )


def oldest(queryset, field) -> object:
    return queryset.aggregate(oldest=Min(field))["oldest"]


# --- the browser pages --------------------------------------------------------------------


def declaration_materials(declaration) -> list[Material]:
    """Every version of every material of the declaration, current or not, oldest first (from
    the detail query's prefetch)."""
    return sorted(
        declaration.materials.all(), key=lambda material: (material.uploaded_at, material.pk)
    )


def required_material_types(declaration) -> list[str]:
    """The material types the title's evaluation conditions ask for in the plan's year."""
    condition = condition_in_force(declaration)
    return list(condition.required_material_types) if condition else []


def messages_about(declaration) -> QuerySet[Notification]:
    """The messages the applicant was sent about this declaration, oldest first."""
    return Notification.objects.filter(
        recipient_id=declaration.applicant_id, url=declaration_url(declaration)
    ).order_by("created_at", "pk")


def is_unit_staff(declaration, user) -> bool:
    """Whether `user` acts for the declaring unit (checks, publicity, recommendation)."""
    return acting_membership(declaration, user, [Role.EMPLOYER_HR]) is not None


def publicity_objections(publicity: UnitPublicity, user) -> QuerySet[PublicityObjection]:
    """The objections to one unit publicity that `user` may read: all of them for the unit's
    HR staff, their own for everybody else."""
    objections = (
        PublicityObjection.objects.filter(publicity=publicity)
        .select_related("raised_by", "resolved_by")
        .order_by("raised_at", "pk")
    )
    if is_unit_staff(publicity.declaration, user):
        return objections
    return objections.filter(raised_by=user)


def material_source(declaration, user) -> str | None:
    """Whose materials `user` may add to the declaration now: "applicant", "employer" (the
    unit's own proof), or None. Asks the upload service's own rule, changing nothing."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from applicants.services import _material_source

    try:
        source, _membership = _material_source(declaration, user)
    except (PermissionDenied, ValidationError):
        return None
    return source
