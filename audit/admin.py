from django.contrib import admin

from audit.models import AuditRecord
from core.admin import ReadOnlyAdmin


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    """Shown for inspection only: the chain is appended to by the services, never edited."""

    list_display = [
        "chain",
        "sequence",
        "action",
        "declaration",
        "subject_type",
        "subject_id",
        "actor",
        "role",
        "from_state",
        "to_state",
        "created_at",
    ]
    list_filter = ["action", "role", "subject_type", "chain"]
    list_select_related = ["declaration__applicant", "declaration__title", "actor"]
