"""The catalogue is edited here by administrators. Plans are checked by the same rules as in
titles.services, and change status only through its actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from titles import services
from titles.models import (
    CalendarDay,
    CalendarYear,
    EvaluationCondition,
    EvaluationPlan,
    ExamKind,
    MaterialType,
    Series,
    Specialty,
    TitleName,
)


class SpecialtyInline(admin.TabularInline):
    model = Specialty
    extra = 0


class TitleNameInline(admin.TabularInline):
    model = TitleName
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [SpecialtyInline, TitleNameInline]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "code", "series"]
    list_filter = ["series"]
    list_select_related = ["series"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(TitleName)
class TitleNameAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "series", "level", "by_examination"]
    list_filter = ["series", "level", "by_examination"]
    list_select_related = ["series"]
    search_fields = ["name_zh", "name_en"]


class EvaluationConditionForm(forms.ModelForm):
    required_exams = forms.MultipleChoiceField(
        label=_("required exams"),
        choices=ExamKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    required_material_types = forms.MultipleChoiceField(
        label=_("required material types"),
        choices=MaterialType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = EvaluationCondition
        fields = [
            "title",
            "effective_year",
            "min_education",
            "years_since_current_title",
            "professional_years",
            "continuing_education_hours",
            "required_exams",
            "required_material_types",
            "notes",
        ]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            original = EvaluationCondition.objects.get(pk=self.instance.pk)
            services.check_condition_editable(original)
        return cleaned_data


@admin.register(EvaluationCondition)
class EvaluationConditionAdmin(admin.ModelAdmin):
    form = EvaluationConditionForm
    list_display = ["title", "effective_year", "min_education", "continuing_education_hours"]
    list_filter = ["title__series", "effective_year"]
    list_select_related = ["title", "title__series"]


class EvaluationPlanForm(forms.ModelForm):
    class Meta:
        model = EvaluationPlan
        fields = [*services.PLAN_FIELDS, "titles"]

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors:
            plan = construct_instance(self, self.instance)
            services.validate_plan(plan, cleaned_data["titles"])
        return cleaned_data


@admin.register(EvaluationPlan)
class EvaluationPlanAdmin(admin.ModelAdmin):
    form = EvaluationPlanForm
    list_display = ["name", "year", "organizer", "series", "status", "declaration_opens"]
    list_filter = ["status", "year", "series"]
    list_select_related = ["organizer", "series"]
    search_fields = ["name"]
    raw_id_fields = ["organizer"]
    filter_horizontal = ["titles"]
    readonly_fields = ["status"]
    actions = ["open_plans", "close_plans", "finish_plans"]

    def _move(self, request, queryset, service):
        for plan in queryset:
            try:
                service(actor=request.user, plan=plan)
            except ValidationError as error:
                self.message_user(request, f"{plan}: {'; '.join(error.messages)}", messages.ERROR)

    @admin.action(description=_("Open the selected plans for declarations"))
    def open_plans(self, request, queryset):
        self._move(request, queryset, services.open_plan)

    @admin.action(description=_("Close declarations of the selected plans"))
    def close_plans(self, request, queryset):
        self._move(request, queryset, services.close_plan)

    @admin.action(description=_("Mark the selected plans as finished"))
    def finish_plans(self, request, queryset):
        self._move(request, queryset, services.finish_plan)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["note"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Years entered in full; the calendar page (titles/calendar_views.py) marks them, with
    the decision in the audit chain."""

    list_display = ["year", "source", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]
