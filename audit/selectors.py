"""Reads of the audit chain."""

from django.db import models
from django.db.models import QuerySet

from audit.models import AuditRecord
from audit.services import subject_key


def chain_length() -> int:
    return AuditRecord.objects.count()


def chain_count() -> int:
    return AuditRecord.objects.values("chain").distinct().count()


def records_about(subject: models.Model) -> QuerySet[AuditRecord]:
    """The decisions recorded about one object other than a declaration, oldest first."""
    subject_type, subject_id = subject_key(subject)
    return AuditRecord.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by(
        "pk"
    )


def audit_log_for(
    *,
    everything: bool,
    within_paths: list[str],
    actor: str = "",
    declaration: int | None = None,
    action: str = "",
    chain: str | None = None,
    since=None,
    until=None,
) -> QuerySet[AuditRecord]:
    """The audit-log screen's search, newest first: every record for the administrator
    (`everything`), else the decisions made in, or about declarations of, the organizations
    under `within_paths` (the bureau's jurisdiction). `actor` is a username or part of a
    real name; `chain` "" is the general chain, None any."""
    records = AuditRecord.objects.select_related(
        "actor", "organization", "declaration__applicant"
    ).order_by("-created_at", "-pk")
    if not everything:
        within = models.Q(pk__in=[])
        for path in within_paths:
            within |= models.Q(organization__path__startswith=path)
            within |= models.Q(declaration__employer__path__startswith=path)
        records = records.filter(within)
    if actor:
        records = records.filter(
            models.Q(actor__username__iexact=actor) | models.Q(actor__real_name__icontains=actor)
        )
    if declaration:
        records = records.filter(declaration_id=declaration)
    if action:
        records = records.filter(action=action)
    if chain is not None:
        records = records.filter(chain=chain)
    if since:
        records = records.filter(created_at__date__gte=since)
    if until:
        records = records.filter(created_at__date__lte=until)
    return records


def recorded_actions() -> list[str]:
    return list(AuditRecord.objects.order_by().values_list("action", flat=True).distinct())
