from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organization
from titles.models import (
    EvaluationCondition,
    EvaluationPlan,
    ExamKind,
    MaterialType,
    Series,
    Specialty,
    TitleName,
)
from titles.working_days import working_days_left

# The plan's jury is a model of the juries app, reached through the plan, not imported.
JURY = EvaluationPlan.jury.field.related_model


class SeriesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Series
        fields = ["id", "code", "name_zh", "name_en"]


class SpecialtySerializer(serializers.ModelSerializer):
    class Meta:
        model = Specialty
        fields = ["id", "series", "code", "name_zh", "name_en"]


class TitleNameSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = TitleName
        fields = ["id", "series", "level", "level_display", "name_zh", "name_en", "by_examination"]


class EvaluationConditionSerializer(serializers.ModelSerializer):
    required_exams = serializers.ListField(
        child=serializers.ChoiceField(choices=ExamKind.choices), required=False
    )
    required_material_types = serializers.ListField(
        child=serializers.ChoiceField(choices=MaterialType.choices), required=False
    )

    class Meta:
        model = EvaluationCondition
        fields = [
            "id",
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
        # Uniqueness is the service's to check, so that the error names the version.
        validators = []


class PlanTitleSerializer(serializers.ModelSerializer):
    class Meta:
        model = TitleName
        fields = ["id", "level", "name_zh", "name_en"]


class PlanDeadlinesSerializer(serializers.Serializer):
    declaration_closes = serializers.IntegerField()
    unit_recommendation_deadline = serializers.IntegerField()
    qualification_check_deadline = serializers.IntegerField()


DEADLINES = tuple(PlanDeadlinesSerializer().fields)


class EvaluationPlanSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)
    series_name = serializers.CharField(source="series.name_zh", read_only=True)
    jury_name = serializers.CharField(source="jury.name", read_only=True, default=None)
    titles = PlanTitleSerializer(many=True, read_only=True)
    working_days_left = serializers.SerializerMethodField(
        help_text=_("Working days from today up to each deadline; negative once it has passed.")
    )

    class Meta:
        model = EvaluationPlan
        fields = [
            "id",
            "year",
            "name",
            "status",
            "status_display",
            "organizer",
            "organizer_name",
            "series",
            "series_name",
            "titles",
            "jury",
            "jury_name",
            "declaration_opens",
            "declaration_closes",
            "unit_recommendation_deadline",
            "qualification_check_deadline",
            "achievement_cutoff",
            "unit_publicity_working_days",
            "result_publicity_working_days",
            "working_days_left",
        ]
        read_only_fields = fields

    @extend_schema_field(PlanDeadlinesSerializer)
    def get_working_days_left(self, plan):
        return {field: working_days_left(getattr(plan, field)) for field in DEADLINES}


class EvaluationPlanWriteSerializer(serializers.Serializer):
    """What a bureau sends to create or change a plan; the service checks the rules."""

    year = serializers.IntegerField(min_value=2000, max_value=2100)
    name = serializers.CharField(max_length=128)
    organizer = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    series = serializers.PrimaryKeyRelatedField(queryset=Series.objects.all())
    titles = serializers.PrimaryKeyRelatedField(
        queryset=TitleName.objects.select_related("series"), many=True
    )
    jury = serializers.PrimaryKeyRelatedField(
        queryset=JURY.objects.all(), allow_null=True, required=False
    )
    declaration_opens = serializers.DateField()
    declaration_closes = serializers.DateField()
    unit_recommendation_deadline = serializers.DateField()
    qualification_check_deadline = serializers.DateField()
    achievement_cutoff = serializers.DateField()
    unit_publicity_working_days = serializers.IntegerField(min_value=1, required=False)
    result_publicity_working_days = serializers.IntegerField(min_value=1, required=False)


class WorkingDaysAddQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    n = serializers.IntegerField(min_value=-3660, max_value=3660)


class WorkingDaysAddSerializer(serializers.Serializer):
    start = serializers.DateField()
    n = serializers.IntegerField()
    date = serializers.DateField(help_text=_("The n-th working day after start."))
    calendar_known = serializers.BooleanField(
        help_text=_(
            "Always true: a count reaching a year nobody has entered is refused (400) instead."
        )
    )


class WorkingDaysWindowQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("The window's first day."))
    days = serializers.IntegerField(min_value=1, max_value=366)


class WorkingDaysWindowSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text=_("The window's last day, its last working day."))
    days = serializers.IntegerField()
    text = serializers.CharField(help_text=_("“from … to … (N working days)”, as pages show it."))
