from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organization
from quotas.models import PostData, PostLevel, Quota, QuotaFlag, Reservation
from quotas.services import POST_FIGURE_FIELDS


class InstitutionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "credit_code"]


class StepSerializer(serializers.Serializer):
    code = serializers.CharField()
    figures = serializers.DictField()
    text = serializers.CharField(help_text=_("The step in the reader's language."))


class QuotaSerializer(serializers.ModelSerializer):
    institution = InstitutionRefSerializer()
    post_level_label = serializers.CharField(source="get_post_level_display")
    outcome_label = serializers.CharField(source="get_outcome_display")
    taken = serializers.IntegerField(help_text=_("Places held by recommended declarations."))
    places_left = serializers.IntegerField()
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Quota
        fields = [
            "id",
            "institution",
            "year",
            "post_level",
            "post_level_label",
            "outcome",
            "outcome_label",
            "ratio_percent",
            "places",
            "taken",
            "places_left",
            "explanation",
            "computed_at",
        ]

    @extend_schema_field(StepSerializer(many=True))
    def get_explanation(self, quota):
        return [
            {"code": step.code, "figures": step.figures, "text": step.text}
            for step in quota.steps()
        ]


class PostDataSerializer(serializers.ModelSerializer):
    institution = InstitutionRefSerializer(read_only=True)
    post_level_label = serializers.CharField(source="get_post_level_display", read_only=True)
    approved_by = serializers.StringRelatedField()

    class Meta:
        model = PostData
        fields = [
            "id",
            "institution",
            "year",
            "post_level",
            "post_level_label",
            *POST_FIGURE_FIELDS,
            "audit_form_approved",
            "approved_by",
            "approved_at",
            "updated_at",
        ]
        read_only_fields = fields


class PostDataWriteSerializer(serializers.Serializer):
    institution = serializers.IntegerField(help_text=_("The public institution's id."))
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    post_level = serializers.ChoiceField(choices=PostLevel.choices)
    approved_posts = serializers.IntegerField(min_value=0)
    qualified_hired = serializers.IntegerField(min_value=0)
    qualified_not_hired = serializers.IntegerField(min_value=0)
    freed_by_retirement = serializers.IntegerField(min_value=0, default=0)
    freed_by_transfer = serializers.IntegerField(min_value=0, default=0)
    freed_other = serializers.IntegerField(min_value=0, default=0)
    audit_form_approved = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("HR bureau only: approve (or withdraw the approval of) the audit form."),
    )


class PostDataUpdateSerializer(serializers.Serializer):
    approved_posts = serializers.IntegerField(min_value=0, required=False)
    qualified_hired = serializers.IntegerField(min_value=0, required=False)
    qualified_not_hired = serializers.IntegerField(min_value=0, required=False)
    freed_by_retirement = serializers.IntegerField(min_value=0, required=False)
    freed_by_transfer = serializers.IntegerField(min_value=0, required=False)
    freed_other = serializers.IntegerField(min_value=0, required=False)
    audit_form_approved = serializers.BooleanField(required=False, allow_null=True, default=None)


class ApprovalResultSerializer(serializers.Serializer):
    approved = serializers.IntegerField(help_text=_("Post levels approved."))


class PostDataImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The filled-in template (.xlsx)."))


class PostDataImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    institutions = serializers.IntegerField()
    years = serializers.ListField(child=serializers.IntegerField())


class QuotaFlagSerializer(serializers.ModelSerializer):
    institution = InstitutionRefSerializer()
    post_level_label = serializers.CharField(source="get_post_level_display")
    reason_label = serializers.CharField(source="get_reason_display")

    class Meta:
        model = QuotaFlag
        fields = [
            "id",
            "institution",
            "year",
            "post_level",
            "post_level_label",
            "reason",
            "reason_label",
            "ratio_percent",
            "places",
            "reserved",
            "raised_at",
            "resolved_at",
        ]


class ReservationSerializer(serializers.ModelSerializer):
    institution = InstitutionRefSerializer(source="quota.institution")
    year = serializers.IntegerField(source="quota.year")
    post_level = serializers.CharField(source="quota.post_level")
    applicant = serializers.StringRelatedField(source="declaration.applicant")
    title = serializers.StringRelatedField(source="declaration.title")
    reserved_by = serializers.StringRelatedField()

    class Meta:
        model = Reservation
        fields = [
            "id",
            "declaration",
            "institution",
            "year",
            "post_level",
            "applicant",
            "title",
            "reserved_by",
            "reserved_at",
            "released_at",
            "release_reason",
        ]


class DeclarationPoolSerializer(serializers.Serializer):
    declaration = serializers.IntegerField()
    limited = serializers.BooleanField(help_text=_("False when no post quota limits it."))
    institution = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    post_level = serializers.CharField(allow_null=True)
    double_orientation = serializers.BooleanField()
    outcome = serializers.CharField(allow_null=True)
    places = serializers.IntegerField(allow_null=True)
    taken = serializers.IntegerField(allow_null=True)
    holds_place = serializers.BooleanField()
    explanation = StepSerializer(many=True)


class DoubleOrientationSerializer(serializers.Serializer):
    double_orientation = serializers.BooleanField()
