from django.contrib import admin

from applicants.models import (
    CorrectionNotice,
    Declaration,
    DeclarationBan,
    Material,
    PublicityObjection,
    UnitPublicity,
)
from core.admin import ReadOnlyAdmin


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


admin.site.register(UnitPublicity, ReadOnlyAdmin)
admin.site.register(PublicityObjection, ReadOnlyAdmin)
admin.site.register(CorrectionNotice, ReadOnlyAdmin)
admin.site.register(DeclarationBan, ReadOnlyAdmin)
