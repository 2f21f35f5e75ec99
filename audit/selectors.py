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
