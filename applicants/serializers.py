from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organization
from applicants.eligibility_reports import report_as_dict
from applicants.models import (
    Achievement,
    AnnualAssessment,
    CorrectionNotice,
    Declaration,
    FormSection,
    Material,
    PublicityObjection,
    UnitPublicity,
    VillageServicePeriod,
    WorkHistoryEntry,
)
from applicants.services import FORM_FIELDS
from audit.models import AuditRecord
from titles.models import EvaluationPlan, MaterialType, Specialty, TitleName


class DeclarationNamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DeclarationPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    real_name = serializers.CharField()


class DeclarationListSerializer(serializers.ModelSerializer):
    applicant = DeclarationPersonSerializer(read_only=True)
    employer = DeclarationNamedSerializer(read_only=True)
    plan = DeclarationNamedSerializer(read_only=True)
    title_name = serializers.CharField(source="title.name_zh", read_only=True)
    specialty_name = serializers.CharField(source="specialty.name_zh", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)

    class Meta:
        model = Declaration
        fields = [
            "id",
            "applicant",
            "employer",
            "plan",
            "title",
            "title_name",
            "specialty",
            "specialty_name",
            "channel",
            "channel_label",
            "status",
            "status_label",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields


class WorkHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkHistoryEntry
        fields = ["started_on", "ended_on", "organization_name", "position", "duties"]


class VillageServicePeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = VillageServicePeriod
        fields = ["village", "started_on", "ended_on"]
        extra_kwargs = {"ended_on": {"help_text": "Empty while still serving in the village."}}


class AnnualAssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualAssessment
        fields = ["year", "grade"]


class AchievementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Achievement
        fields = ["id", "kind", "title", "achieved_on", "description"]
        read_only_fields = ["id"]


class DeclarationMaterialSerializer(serializers.ModelSerializer):
    uploaded_by = DeclarationPersonSerializer(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = [
            "id",
            "declaration",
            "material_type",
            "source",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "previous",
            "is_current",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, material) -> str:
        return reverse("applicants:material-download", args=[material.pk])


class DeclarationMaterialUploadSerializer(serializers.Serializer):
    material_type = serializers.ChoiceField(choices=MaterialType.choices, required=False)
    file = serializers.FileField()
    replaces = serializers.IntegerField(
        required=False, help_text="id of the material this file replaces"
    )


class PublicityObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicityObjection
        fields = ["id", "content", "raised_at", "resolution", "upheld", "resolved_at"]
        read_only_fields = fields


class UnitPublicitySerializer(serializers.ModelSerializer):
    objections = PublicityObjectionSerializer(many=True, read_only=True)

    class Meta:
        model = UnitPublicity
        fields = ["id", "starts_on", "ends_on", "working_days", "objections"]
        read_only_fields = fields


class PublicityNoticeSerializer(serializers.ModelSerializer):
    """The notice the unit's members see: who declares what, and until when to object."""

    applicant_name = serializers.CharField(source="declaration.applicant.real_name")
    unit = serializers.CharField(source="declaration.employer.name")
    title_name = serializers.CharField(source="declaration.title.name_zh")
    specialty_name = serializers.CharField(source="declaration.specialty.name_zh")
    plan = serializers.CharField(source="declaration.plan.name")

    class Meta:
        model = UnitPublicity
        fields = [
            "id",
            "applicant_name",
            "unit",
            "title_name",
            "specialty_name",
            "plan",
            "starts_on",
            "ends_on",
            "working_days",
        ]
        read_only_fields = fields


class CorrectionItemSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=FormSection.choices)
    problem = serializers.CharField()


class CorrectionNoticeSerializer(serializers.ModelSerializer):
    items = CorrectionItemSerializer(many=True, read_only=True)

    class Meta:
        model = CorrectionNotice
        fields = ["id", "items", "deadline", "issued_at", "resubmitted_at"]
        read_only_fields = fields


class EligibilityFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    blocking = serializers.BooleanField()
    message = serializers.CharField()
    message_zh = serializers.CharField()
    message_en = serializers.CharField()
    rule = serializers.CharField()
    evidence = serializers.DictField()


class FindingsReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    move = serializers.CharField(help_text="submit or resubmit")
    created_at = serializers.DateTimeField()
    findings = EligibilityFindingSerializer(many=True)
    inputs = serializers.DictField(help_text="The data the findings were computed from.")
    sha256 = serializers.CharField(
        help_text="Digest of the findings and inputs, also in the move's audit record."
    )


class BlockedActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    reason = serializers.CharField()
    opens_on = serializers.DateField(allow_null=True)


class DeclarationDetailSerializer(DeclarationListSerializer):
    work_history = WorkHistorySerializer(many=True, read_only=True)
    village_periods = VillageServicePeriodSerializer(many=True, read_only=True)
    assessments = AnnualAssessmentSerializer(many=True, read_only=True)
    achievements = AchievementSerializer(many=True, read_only=True)
    materials = DeclarationMaterialSerializer(source="current_materials", many=True, read_only=True)
    publicities = UnitPublicitySerializer(many=True, read_only=True)
    correction_notices = CorrectionNoticeSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField(
        help_text="The moves the caller can make now: each would be accepted."
    )
    blocked_actions = serializers.SerializerMethodField(
        help_text="The caller's moves held back by the calendar or the state of things, "
        "with why and, when the calendar decides, the day they open."
    )
    findings_reports = serializers.SerializerMethodField(
        help_text="The findings as they stood at each submission and resubmission, newest "
        "first, with the data they were computed from."
    )

    class Meta(DeclarationListSerializer.Meta):
        fields = [
            *DeclarationListSerializer.Meta.fields,
            *FORM_FIELDS,
            "village_service_years",
            "social_insurance_since",
            "social_insurance_certified_at",
            "pledge_signed_at",
            "unit_commitment_at",
            "recommended_at",
            "forwarded_to_office_at",
            "created_at",
            "work_history",
            "village_periods",
            "assessments",
            "achievements",
            "materials",
            "publicities",
            "correction_notices",
            "available_actions",
            "blocked_actions",
            "findings_reports",
        ]
        read_only_fields = fields

    def _moves(self, declaration):
        """The caller's moves, as the declaration's page offers and explains them (one
        computation for both fields)."""
        from applicants.moves import moves_for

        request = self.context.get("request")
        if request is None:
            return None
        cache = self.context.setdefault("_moves", {})
        if declaration.pk not in cache:
            cache[declaration.pk] = moves_for(declaration, request.user)
        return cache[declaration.pk]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_actions(self, declaration):
        moves = self._moves(declaration)
        return list(dict.fromkeys(moves.available_names)) if moves else []

    @extend_schema_field(BlockedActionSerializer(many=True))
    def get_blocked_actions(self, declaration):
        moves = self._moves(declaration)
        if not moves:
            return []
        return BlockedActionSerializer(
            [
                {
                    "action": move.name,
                    "label": move.label,
                    "reason": move.reason,
                    "opens_on": move.opens_on,
                }
                for move in moves.blocked
            ],
            many=True,
        ).data

    @extend_schema_field(FindingsReportSerializer(many=True))
    def get_findings_reports(self, declaration) -> list[dict]:
        reports = [report_as_dict(report) for report in declaration.findings_reports.all()]
        return FindingsReportSerializer(reports, many=True).data


class DeclarationWriteSerializer(serializers.ModelSerializer):
    """The applicant's form. Lists given replace the ones on the form."""

    plan = serializers.PrimaryKeyRelatedField(queryset=EvaluationPlan.objects.all(), required=False)
    title = serializers.PrimaryKeyRelatedField(queryset=TitleName.objects.all(), required=False)
    specialty = serializers.PrimaryKeyRelatedField(queryset=Specialty.objects.all(), required=False)
    employer = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        help_text="The unit declared through, for an applicant of several units.",
    )
    work_history = WorkHistorySerializer(many=True, required=False)
    village_periods = VillageServicePeriodSerializer(
        many=True,
        required=False,
        help_text="Dated periods in the village, for first secretaries and work-team members.",
    )
    assessments = AnnualAssessmentSerializer(many=True, required=False)
    achievements = AchievementSerializer(many=True, required=False)

    class Meta:
        model = Declaration
        fields = [
            "plan",
            "title",
            "specialty",
            "employer",
            *FORM_FIELDS,
            "work_history",
            "village_periods",
            "assessments",
            "achievements",
        ]

    def validate(self, attrs):
        if self.instance is None:
            missing = [name for name in ("plan", "title", "specialty") if name not in attrs]
            if missing:
                raise serializers.ValidationError(
                    {name: _("This field is required.") for name in missing}
                )
        elif "plan" in attrs:
            raise serializers.ValidationError(
                {"plan": _("The plan of a declaration cannot change.")}
            )
        return attrs


class DeclarationPledgeSerializer(serializers.Serializer):
    pledge = serializers.BooleanField(
        help_text="The applicant's authenticity pledge: must be true."
    )


class DeclarationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DeclarationRequiredReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class DeclarationRecommendSerializer(DeclarationReasonSerializer):
    commitment = serializers.BooleanField(
        help_text="The unit's commitment that the materials were checked and are true: "
        "must be true."
    )
    social_insurance_since = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When the unit's social insurance contributions for the applicant began; "
        "needed when the applicant's personnel file is held elsewhere.",
    )


class DeclarationReturnSerializer(DeclarationRequiredReasonSerializer):
    items = CorrectionItemSerializer(many=True, required=False, default=list)


class CorrectionRequestSerializer(DeclarationReasonSerializer):
    items = CorrectionItemSerializer(many=True, min_length=1)
    deadline = serializers.DateField(
        required=False, help_text="Defaults to a number of working days from today."
    )


class DeclarationAuditRecordSerializer(serializers.ModelSerializer):
    """A record as applicants.selectors.audit_trail shows it to the reader: an expert or an
    objector the reader may not know is not named (`actor` null), only attributed (`attributed_to`:
    "the chair", "the jury", "a member of the unit"), and the reason is the one they may read."""

    actor = serializers.SerializerMethodField()
    attributed_to = serializers.CharField(source="shown_actor", read_only=True)
    role = serializers.CharField(source="shown_role", read_only=True, allow_null=True)
    reason = serializers.CharField(source="shown_reason", read_only=True)
    organization = DeclarationNamedSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AuditRecord
        fields = [
            "chain",
            "sequence",
            "action",
            "actor",
            "attributed_to",
            "role",
            "organization",
            "from_state",
            "to_state",
            "reason",
            "payload",
            "created_at",
            "hash",
        ]
        read_only_fields = fields

    @extend_schema_field(DeclarationPersonSerializer(allow_null=True))
    def get_actor(self, record) -> dict | None:
        if record.concealed or record.actor is None:
            return None
        return {"id": record.actor_id, "real_name": record.actor.real_name}


class PublicityObjectionCreateSerializer(serializers.Serializer):
    content = serializers.CharField()


class PublicityObjectionResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField()
    upheld = serializers.BooleanField()


class DeclarationRosterQuerySerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    full_id_numbers = serializers.BooleanField(
        required=False,
        default=False,
        help_text="POST only: whole ID numbers instead of masks, for the office of the plan's "
        "jury; every person in the file is recorded.",
    )
