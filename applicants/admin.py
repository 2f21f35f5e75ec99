from django.contrib import admin

from applicants.models import (
    AuditRecord,
    CorrectionNotice,
    Declaration,
    DeclarationBan,
    Material,
    PublicityObjection,
    UnitPublicity,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for inspection; every change goes through the services and the workflow."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "applicant",
        "employer",
        "title",
        "specialty",
        "channel",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "channel", "plan"]
    search_fields = ["applicant__real_name", "applicant__username", "employer__name"]
    list_select_related = ["applicant", "employer", "title", "specialty"]


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "declaration",
        "material_type",
        "original_name",
        "size",
        "is_current",
        "uploaded_at",
    ]
    list_select_related = ["declaration__applicant", "declaration__title"]
    exclude = ["file"]


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "sequence",
        "action",
        "declaration",
        "actor",
        "role",
        "from_state",
        "to_state",
        "created_at",
    ]
    list_filter = ["action", "role"]
    list_select_related = ["declaration__applicant", "declaration__title", "actor"]


admin.site.register(UnitPublicity, ReadOnlyAdmin)
admin.site.register(PublicityObjection, ReadOnlyAdmin)
admin.site.register(CorrectionNotice, ReadOnlyAdmin)
admin.site.register(DeclarationBan, ReadOnlyAdmin)
