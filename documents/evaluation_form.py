"""The evaluation form (评审表) of a declaration, the paper a bureau files: the applicant's
data, the unit's recommendation and its publicity, the department's and the office's
decisions, the jury's vote counts and the bureau's filing, with boxes for signatures and
seals. The jury appears as counts only: no expert is ever named on it.

Who reads it: everyone who sees the declaration (applicants/permissions.py) once it was
submitted — the applicant, the unit, the competent department, the jury office and the HR
bureau; experts and drafts never (404). The ID number is whole for the applicant only:
the paper needs no more, and the jury office reveals it, recorded, on the declaration's page.
A batch masks every number."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applicants.models import Declaration, PublicityObjection, UnitPublicity
from applicants.permissions import competent_department, visible_declarations
from audit.models import AuditRecord
from certificates.models import Filing, FilingEntry
from continuing_ed.eligibility_checks import counted_years
from continuing_ed.requirement import format_hours, requirement_status, rule_from_settings
from core.documents import render_document_pdf
from core.masking import mask_id_number
from jobs.progress import SILENT
from juries.models import Candidate
from titles.selectors import condition_for

TEMPLATE_NAME = "documents/pdf/evaluation_forms.html"
RELATED = (
    "applicant",
    "employer__parent",
    "plan__organizer",
    "plan__jury__office",
    "title__series",
    "specialty",
)
# The decisions printed from the audit chain: the office's check and the department's review.
OFFICE_DECISIONS = ("qualify", "reject")
DEPARTMENT_DECISIONS = ("department_approve",)


def evaluation_form_declarations(user) -> QuerySet[Declaration]:
    """The declarations whose form `user` may read: those they see, once submitted."""
    return (
        visible_declarations(user)
        .filter(submitted_at__isnull=False)
        .select_related(*RELATED)
        .prefetch_related(
            "work_history",
            "assessments",
            "achievements",
            Prefetch(
                "publicities",
                queryset=UnitPublicity.objects.prefetch_related(
                    Prefetch("objections", queryset=PublicityObjection.objects.all())
                ),
            ),
            Prefetch(
                "jury_candidacies",
                queryset=Candidate.objects.select_related("meeting").order_by("-meeting__held_on"),
            ),
            Prefetch(
                "filing_entries",
                queryset=FilingEntry.objects.select_related("filing__issuing_authority").order_by(
                    "-filing__submitted_at"
                ),
            ),
        )
    )


def get_evaluation_form_declaration(user, pk) -> Declaration:
    declaration = evaluation_form_declarations(user).filter(pk=pk).first()
    if declaration is None:
        raise Http404
    return declaration


def named(item) -> str:
    """A catalogue entry's name in the document's language."""
    if item is None:
        return ""
    english = (translation.get_language() or "").startswith("en")
    return (item.name_en if english else item.name_zh) or item.name_zh


def _day(value):
    if value is None:
        return None
    return timezone.localdate(value) if hasattr(value, "hour") else value


@dataclass(frozen=True)
class Decision:
    done: bool
    outcome: str = ""
    on: object = None
    by: str = ""  # the organization, never a person
    reason: str = ""


def _decision(records, actions) -> Decision:
    found = [record for record in records if record.action in actions]
    if not found:
        return Decision(done=False)
    record = found[-1]
    return Decision(
        done=True,
        outcome=str(Declaration.Status(record.to_state).label) if record.to_state else "",
        on=_day(record.created_at),
        by=record.organization.name if record.organization else "",
        reason=record.reason,
    )


def _decisions(declarations) -> dict[int, list[AuditRecord]]:
    records = AuditRecord.objects.filter(
        declaration__in=declarations, action__in=OFFICE_DECISIONS + DEPARTMENT_DECISIONS
    ).select_related("organization")
    by_declaration: dict[int, list[AuditRecord]] = {}
    for record in records.order_by("pk"):
        by_declaration.setdefault(record.declaration_id, []).append(record)
    return by_declaration


def _continuing_education(declaration) -> list[dict]:
    condition = condition_for(declaration.title, declaration.plan.year)
    hours = condition.continuing_education_hours if condition else None
    if hours == 0:
        return []
    rule = rule_from_settings(hours)
    return [
        {
            "year": status.year,
            "professional": format_hours(status.professional),
            "general": format_hours(status.general),
            "total": format_hours(status.total),
            "required": format_hours(rule.hours_per_year),
            "meets": status.meets,
        }
        for status in requirement_status(
            declaration.applicant, counted_years(declaration), rule=rule
        )
    ]


def _publicity(declaration) -> dict | None:
    publicities = list(declaration.publicities.all())
    if not publicities:
        return None
    publicity = publicities[0]
    objections = list(publicity.objections.all())
    return {
        "starts_on": publicity.starts_on,
        "ends_on": publicity.ends_on,
        "working_days": publicity.working_days,
        "objections": len(objections),
        "upheld": sum(1 for objection in objections if objection.upheld),
        "open": sum(1 for objection in objections if not objection.is_resolved),
    }


def _jury(declaration) -> dict | None:
    """The latest confirmed result: the counts and the outcome, never who voted."""
    for candidate in declaration.jury_candidacies.all():
        if candidate.outcome == Candidate.Outcome.PENDING:
            continue
        return {
            "meeting": candidate.meeting.name,
            "held_on": candidate.meeting.held_on,
            "voters": candidate.voters,
            "yes": candidate.votes_yes,
            "no": candidate.votes_no,
            "abstain": candidate.votes_abstain,
            "outcome": candidate.get_outcome_display(),
            "overturned_on": _day(candidate.overturned_at),
        }
    return None


def _filing(declaration) -> dict | None:
    for entry in declaration.filing_entries.all():
        filing = entry.filing
        if filing.status != Filing.Status.APPROVED:
            continue
        return {
            "document_number": filing.document_number,
            "document_date": filing.document_date or _day(filing.decided_at),
            "authority": filing.issuing_authority.name if filing.issuing_authority else "",
        }
    return None


def form_context(declaration, records, *, whole_id_number=False) -> dict:
    applicant = declaration.applicant
    department = competent_department(declaration)
    records = records.get(declaration.pk, [])
    return {
        "declaration": declaration,
        "name": applicant.real_name,
        "id_type": applicant.get_id_type_display(),
        "id_number": applicant.id_number
        if whole_id_number
        else mask_id_number(applicant.id_number),
        "unit": declaration.employer.name,
        "title": named(declaration.title),
        "series": named(declaration.title.series),
        "specialty": named(declaration.specialty),
        "education": declaration.get_education_display(),
        "current_title_level": declaration.get_current_title_level_display()
        if declaration.current_title_level
        else "",
        "work_history": list(declaration.work_history.all()),
        "assessments": list(declaration.assessments.all()),
        "achievements": list(declaration.achievements.all()),
        "continuing_education": _continuing_education(declaration),
        "publicity": _publicity(declaration),
        "recommended_on": _day(declaration.recommended_at),
        "committed_on": _day(declaration.unit_commitment_at),
        "department": department.name if department else "",
        "department_decision": _decision(records, DEPARTMENT_DECISIONS),
        "office": declaration.plan.jury.office.name if declaration.plan.jury else "",
        "office_decision": _decision(records, OFFICE_DECISIONS),
        "jury": _jury(declaration),
        "filing": _filing(declaration),
        "bureau": declaration.plan.organizer.name,
        "status": declaration.get_status_display(),
    }


def render_evaluation_forms(
    declarations, *, whole_id_numbers=False, language=None, progress=SILENT
) -> bytes:
    """One PDF holding the form of each declaration, each starting on a new page."""
    declarations = list(declarations)
    progress.set_total(len(declarations))
    records = _decisions(declarations)
    with translation.override(language or translation.get_language()):
        forms = []
        for declaration in declarations:
            forms.append(form_context(declaration, records, whole_id_number=whole_id_numbers))
            progress.advance()
        single = forms[0] if len(forms) == 1 else None
        return render_document_pdf(
            TEMPLATE_NAME,
            {"forms": forms, "printed_on": timezone.localdate()},
            title=_("Evaluation form of %(name)s") % {"name": single["name"]}
            if single
            else _("Evaluation forms"),
        )
