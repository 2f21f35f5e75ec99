"""What the apps' admin sites share."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for inspection only: the records change through the services, which check the
    rules and write the audit chain, never through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Imported here, not at the top, because other apps' admin modules import ReadOnlyAdmin.
from core.models import FailedTask, OutboxMessage  # noqa: E402


@admin.register(FailedTask)
class FailedTaskAdmin(ReadOnlyAdmin):
    list_display = ("task", "failed_at", "reason")
    list_filter = ("task",)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("task", "created_at", "sent_at", "attempts", "last_error")
    list_filter = ("task",)
