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
