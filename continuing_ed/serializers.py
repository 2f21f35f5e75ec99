from rest_framework import serializers

from accounts.models import Organization, User
from continuing_ed.models import (
    HOURS_DECIMAL_PLACES,
    HOURS_MAX_DIGITS,
    ActivityKind,
    Course,
    CreditHourRecord,
    Enrolment,
    ExamResult,
    ExamValidity,
    ImportBatch,
    SubjectKind,
)
from continuing_ed.permissions import provider_organization_ids
from continuing_ed.selectors import people_supervised_by
from titles.models import ExamKind, Series


def hours_field(**kwargs):
    return serializers.DecimalField(
        max_digits=HOURS_MAX_DIGITS, decimal_places=HOURS_DECIMAL_PLACES, **kwargs
    )


class CreditHourRecordSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.real_name", read_only=True)
    decided_by_name = serializers.CharField(
        source="decided_by.real_name", read_only=True, default=None
    )
    deciding_organization_name = serializers.CharField(
        source="deciding_organization.name", read_only=True, default=None
    )

    class Meta:
        model = CreditHourRecord
        fields = [
            "id",
            "person",
            "person_name",
            "year",
            "activity",
            "activity_kind",
            "course",
            "provider_name",
            "provider_organization",
            "subject_kind",
            "hours",
            "started_on",
            "ended_on",
            "certificate_number",
            "status",
            "source",
            "decided_by",
            "decided_by_name",
            "deciding_organization",
            "deciding_organization_name",
            "decided_at",
            "rejection_reason",
            "import_batch",
            "created_at",
        ]
        read_only_fields = fields


class HourClaimSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    activity = serializers.CharField(max_length=200)
    activity_kind = serializers.ChoiceField(
        choices=ActivityKind.choices, default=ActivityKind.COURSE
    )
    provider_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    hours = hours_field()
    started_on = serializers.DateField(required=False, allow_null=True)
    ended_on = serializers.DateField()
    certificate_number = serializers.CharField(max_length=64, required=False, allow_blank=True)


class HourRejectionSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = [
            "id",
            "name",
            "provider_name",
            "provider_organization",
            "subject_kind",
            "hours",
            "starts_on",
            "ends_on",
            "is_open",
            "created_at",
        ]
        read_only_fields = fields


class CourseCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    provider_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    provider_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(), required=False, allow_null=True
    )
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    hours = hours_field()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["provider_organization"].queryset = Organization.objects.filter(
                pk__in=provider_organization_ids(request.user)
            )


class EnrolmentSerializer(serializers.ModelSerializer):
    course_name = serializers.CharField(source="course.name", read_only=True)
    person_name = serializers.CharField(source="person.real_name", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "course",
            "course_name",
            "person",
            "person_name",
            "enrolled_at",
            "completed_on",
            "record",
        ]
        read_only_fields = fields


class CompleteEnrolmentSerializer(serializers.Serializer):
    completed_on = serializers.DateField()


class ExamResultSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.real_name", read_only=True)

    class Meta:
        model = ExamResult
        fields = [
            "id",
            "person",
            "person_name",
            "kind",
            "level",
            "exam_date",
            "score",
            "passed",
            "certificate_number",
            "import_batch",
            "recorded_at",
        ]
        read_only_fields = fields


class ExamResultCreateSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())
    kind = serializers.ChoiceField(choices=ExamKind.choices)
    level = serializers.CharField(max_length=64, required=False, allow_blank=True)
    exam_date = serializers.DateField()
    score = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True
    )
    passed = serializers.BooleanField()
    certificate_number = serializers.CharField(max_length=64, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Someone the caller does not supervise reads as unknown.
            self.fields["person"].queryset = people_supervised_by(request.user)


class ExamValiditySerializer(serializers.ModelSerializer):
    series = serializers.PrimaryKeyRelatedField(queryset=Series.objects.all())

    class Meta:
        model = ExamValidity
        fields = ["id", "series", "exam_kind", "validity_years"]
        read_only_fields = ["id"]
        # set_exam_validity updates the row of an existing series and exam.
        validators = []


class YearStatusSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    required_total = serializers.CharField()
    required_professional = serializers.CharField()
    required_general = serializers.CharField()
    certified_total = serializers.CharField()
    certified_professional = serializers.CharField()
    certified_general = serializers.CharField()
    pending = serializers.CharField(help_text="Claimed hours not yet certified; never counted.")
    missing_total = serializers.CharField()
    missing_professional = serializers.CharField()
    missing_general = serializers.CharField()
    missing_any = serializers.CharField(
        help_text="Hours of either kind needed once the kind-specific gaps are filled."
    )
    meets = serializers.BooleanField()


class HoursOrExamsUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class ContinuingEducationImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportBatch
        fields = ["id", "kind", "file_name", "row_count", "uploaded_by", "created_at"]
        read_only_fields = fields
