"""Keeping personal data no longer than its purpose needs (PIPL art. 19, 47): each kind of
record has a retention period in the settings; `apply_retention` removes or anonymises what
has passed it. With `dry_run` it only reports. Safe to run again: what is gone is not found."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import SecurityEvent
from applicants.models import (
    Achievement,
    Declaration,
    Material,
    VillageServicePeriod,
    WorkHistoryEntry,
)
from audit.models import PersonalDataAccess
from audit.services import append_audit_record
from jobs.models import Job
from privacy.erasure import UNSUCCESSFUL_STATES, anonymise_declarations


@dataclass
class RetentionLine:
    what: str
    kept_for: str
    count: int


@dataclass
class RetentionReport:
    dry_run: bool
    lines: list[RetentionLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)

    def as_text(self) -> str:
        head = "Retention (dry run: nothing changed)" if self.dry_run else "Retention applied"
        rows = [
            f"  {line.what:<55} {line.count:>8}   (kept {line.kept_for})" for line in self.lines
        ]
        return "\n".join([head, *rows])


def _expired_job_files(now):
    cutoff = now - timedelta(days=settings.RETENTION_EXPORT_FILE_DAYS)
    return Job.objects.filter(finished_at__lt=cutoff).filter(
        ~Q(result_file="") | ~Q(input_file="") | ~Q(errors=[])
    )


def _expired_unsuccessful_declarations(now):
    cutoff = now - timedelta(days=365 * settings.RETENTION_UNSUCCESSFUL_DECLARATION_YEARS)
    has_content = (
        Exists(Material.objects.filter(declaration=OuterRef("pk")))
        | Exists(WorkHistoryEntry.objects.filter(declaration=OuterRef("pk")))
        | Exists(Achievement.objects.filter(declaration=OuterRef("pk")))
        | Exists(VillageServicePeriod.objects.filter(declaration=OuterRef("pk")))
    )
    return Declaration.objects.filter(
        has_content,
        status__in=UNSUCCESSFUL_STATES,
        updated_at__lt=cutoff,
    )


def _expired_security_events(now):
    return SecurityEvent.objects.filter(
        at__lt=now - timedelta(days=settings.RETENTION_SECURITY_EVENT_DAYS)
    )


def _expired_data_accesses(now):
    return PersonalDataAccess.objects.filter(
        at__lt=now - timedelta(days=365 * settings.RETENTION_DATA_ACCESS_YEARS)
    )


@transaction.atomic
def apply_retention(*, dry_run: bool = False, now=None) -> RetentionReport:
    now = now or timezone.now()
    report = RetentionReport(dry_run=dry_run)

    jobs = list(_expired_job_files(now))
    report.lines.append(
        RetentionLine(
            "import and export files (and their row errors)",
            f"{settings.RETENTION_EXPORT_FILE_DAYS} days",
            len(jobs),
        )
    )
    declaration_ids = list(_expired_unsuccessful_declarations(now).values_list("pk", flat=True))
    report.lines.append(
        RetentionLine(
            "unsuccessful declarations anonymised",
            f"{settings.RETENTION_UNSUCCESSFUL_DECLARATION_YEARS} years",
            len(declaration_ids),
        )
    )
    events = _expired_security_events(now)
    report.lines.append(
        RetentionLine(
            "security events", f"{settings.RETENTION_SECURITY_EVENT_DAYS} days", events.count()
        )
    )
    accesses = _expired_data_accesses(now)
    report.lines.append(
        RetentionLine(
            "records of who saw whose data",
            f"{settings.RETENTION_DATA_ACCESS_YEARS} years",
            accesses.count(),
        )
    )
    if dry_run or report.total == 0:
        return report

    for job in jobs:
        job.result_file.delete(save=False)
        job.input_file.delete(save=False)
    Job.objects.filter(pk__in=[job.pk for job in jobs]).update(
        result_file="", input_file="", errors=[]
    )
    anonymise_declarations(declaration_ids)
    events.delete()
    accesses.delete()
    append_audit_record(
        action="retention_applied",
        reason="Retention periods passed",
        payload={line.what: line.count for line in report.lines},
    )
    return report
