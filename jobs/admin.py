from django.contrib import admin

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs are started from their pages and run by the workers."""

    list_display = ["pk", "kind", "requested_by", "organization", "status", "done", "total"]
    list_filter = ["status", "kind"]
    search_fields = ["requested_by__username", "requested_by__real_name", "input_name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
