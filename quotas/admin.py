from django.contrib import admin

from quotas.models import DoubleOrientationChoice, PostData, Quota, QuotaFlag, Reservation


@admin.register(PostData)
class PostDataAdmin(admin.ModelAdmin):
    list_display = [
        "institution",
        "year",
        "post_level",
        "approved_posts",
        "qualified_hired",
        "qualified_not_hired",
        "audit_form_approved",
    ]
    list_filter = ["year", "post_level", "audit_form_approved"]
    search_fields = ["institution__name", "institution__credit_code"]
    raw_id_fields = ["institution", "approved_by", "updated_by"]


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    """Computed figures: read here, changed only by the recompute."""

    list_display = ["institution", "year", "post_level", "outcome", "places", "ratio_percent"]
    list_filter = ["year", "post_level", "outcome"]
    search_fields = ["institution__name"]
    readonly_fields = [field.name for field in Quota._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["quota", "declaration", "reserved_at", "released_at", "release_reason"]
    list_filter = ["quota__year", "quota__post_level"]
    readonly_fields = [field.name for field in Reservation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(QuotaFlag)
class QuotaFlagAdmin(admin.ModelAdmin):
    list_display = ["institution", "year", "post_level", "reason", "raised_at", "resolved_at"]
    list_filter = ["year", "reason"]
    search_fields = ["institution__name"]


admin.site.register(DoubleOrientationChoice)
