"""What erasing a person's data removes, what the law keeps, and the removing itself. Used by
an approved erasure request (privacy/services.py) and by the scheduled retention task
(privacy/retention.py). Nothing here writes the audit chain's past: a decision to erase is
appended to it, the erased data never was in it."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, SecurityEvent, User
from applicants.models import (
    Achievement,
    AnnualAssessment,
    Declaration,
    FindingsReport,
    Material,
    VillageServicePeriod,
    WorkHistoryEntry,
)
from notifications.models import Notification

DS = Declaration.Status
# A granted (or later revoked) title's evaluation record is an archive kept for good.
ARCHIVED_STATES = (DS.PASSED, DS.IN_RESULT_PUBLICITY, DS.FILED, DS.CERTIFIED, DS.REVOKED)
# An evaluation that ended without a title is kept for RETENTION_UNSUCCESSFUL_DECLARATION_YEARS
# (re-examination, complaints, the fraud ban), then anonymised.
UNSUCCESSFUL_STATES = (DS.FAILED, DS.REJECTED)
# Never evaluated: nothing to keep once the person asks.
ABANDONED_STATES = (DS.DRAFT, DS.WITHDRAWN, DS.DEEMED_WITHDRAWN)


@dataclass
class DeclarationVerdict:
    declaration: Declaration
    erase: bool
    reason: str = ""  # why it is kept


@dataclass
class ErasurePlan:
    """What erasing `person`'s data would do, shown to the bureau before it decides."""

    person: User
    declarations: list[DeclarationVerdict] = field(default_factory=list)

    @property
    def kept(self) -> list[DeclarationVerdict]:
        return [verdict for verdict in self.declarations if not verdict.erase]

    @property
    def erased(self) -> list[DeclarationVerdict]:
        return [verdict for verdict in self.declarations if verdict.erase]

    @property
    def account_erased(self) -> bool:
        """The account itself is anonymised only when no kept record still needs the person."""
        return not self.kept


def unsuccessful_kept_until(declaration: Declaration):
    years = settings.RETENTION_UNSUCCESSFUL_DECLARATION_YEARS
    return declaration.updated_at + timedelta(days=365 * years)


def verdict_for(declaration: Declaration, now=None) -> DeclarationVerdict:
    now = now or timezone.now()
    if declaration.status in ARCHIVED_STATES:
        return DeclarationVerdict(
            declaration,
            False,
            _("The evaluation record of a title granted or revoked is kept as an archive."),
        )
    if declaration.status in UNSUCCESSFUL_STATES:
        until = unsuccessful_kept_until(declaration)
        if until > now:
            return DeclarationVerdict(
                declaration,
                False,
                _(
                    "An unsuccessful evaluation is kept until %(date)s for re-examination and "
                    "review."
                )
                % {"date": timezone.localtime(until).date().isoformat()},
            )
        return DeclarationVerdict(declaration, True)
    if declaration.status in ABANDONED_STATES:
        return DeclarationVerdict(declaration, True)
    return DeclarationVerdict(
        declaration,
        False,
        _("The declaration is still being processed; withdraw it first, or wait for its end."),
    )


def erasure_plan(person: User) -> ErasurePlan:
    declarations = Declaration.objects.filter(applicant=person).select_related("plan", "title")
    now = timezone.now()
    return ErasurePlan(person, [verdict_for(d, now) for d in declarations.order_by("pk")])


def anonymise_declarations(declaration_ids: list[int]) -> dict[str, int]:
    """Removes the personal content of these declarations: proof files and their rows, work
    history, village service, assessments, achievements, the free-text fields, and what the
    findings reported at submission were computed from (the report's digest, which the audit
    chain holds, stays). The declaration row stays (plan, title, status, dates) for the
    statistics and the audit chain that names it."""
    materials = list(Material.objects.filter(declaration_id__in=declaration_ids))
    for material in materials:
        material.file.delete(save=False)
    counts = {
        "materials": Material.objects.filter(declaration_id__in=declaration_ids).delete()[0],
        "work_history": WorkHistoryEntry.objects.filter(
            declaration_id__in=declaration_ids
        ).delete()[0],
        "assessments": AnnualAssessment.objects.filter(declaration_id__in=declaration_ids).delete()[
            0
        ],
        "achievements": Achievement.objects.filter(declaration_id__in=declaration_ids).delete()[0],
        "village_service": VillageServicePeriod.objects.filter(
            declaration_id__in=declaration_ids
        ).delete()[0],
        "findings_reports": FindingsReport.objects.filter(
            declaration_id__in=declaration_ids
        ).update(findings=[], inputs={}),
    }
    Declaration.objects.filter(pk__in=declaration_ids).update(
        field_of_study="", current_title_name=""
    )
    counts["declarations"] = len(declaration_ids)
    return counts


def anonymise_account(person: User) -> None:
    """The account keeps its row (records point at it) but nothing that identifies the
    person; it can no longer sign in."""
    placeholder = f"erased-{person.pk}"
    person.username = placeholder
    person.real_name = _("Erased person")
    person.email = ""
    person.phone = ""
    person.id_number = ""
    person.first_name = person.last_name = ""
    person.is_active = False
    person.set_unusable_password()
    person.save()
    Membership.objects.filter(user=person).update(is_active=False)
    Notification.objects.filter(recipient=person).delete()
    SecurityEvent.objects.filter(user=person).update(username=placeholder, user_agent="")


@transaction.atomic
def carry_out(plan: ErasurePlan) -> dict:
    """Erases what `plan` says; returns the outcome kept with the request (no personal data:
    declaration numbers, counts and reasons)."""
    counts = anonymise_declarations([verdict.declaration.pk for verdict in plan.erased])
    if plan.account_erased:
        anonymise_account(plan.person)
    return {
        "erased_declarations": [verdict.declaration.pk for verdict in plan.erased],
        "kept_declarations": [
            {"declaration": verdict.declaration.pk, "reason": str(verdict.reason)}
            for verdict in plan.kept
        ],
        "account_erased": plan.account_erased,
        "removed": counts,
    }
