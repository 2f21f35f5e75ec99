from django.contrib import admin

from juries.models import Expert, Jury


class ExpertInline(admin.TabularInline):
    model = Expert
    extra = 0
    raw_id_fields = ["user", "employer"]
    fields = [
        "user",
        "specialty",
        "title_level",
        "employer",
        "position",
        "term_starts",
        "term_ends",
        "is_active",
    ]


@admin.register(Jury)
class JuryAdmin(admin.ModelAdmin):
    list_display = ["name", "series", "min_level", "max_level", "office", "valid_until"]
    list_filter = ["series"]
    list_select_related = ["series", "office"]
    search_fields = ["name", "approval_document_number"]
    raw_id_fields = ["established_by", "office"]
    inlines = [ExpertInline]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "jury",
        "specialty",
        "title_level",
        "position",
        "term_ends",
        "is_active",
    ]
    list_filter = ["jury", "specialty", "position", "is_active"]
    list_select_related = ["user", "jury", "specialty"]
    search_fields = ["user__real_name", "user__username"]
    raw_id_fields = ["user", "employer"]
