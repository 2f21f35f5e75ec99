"""API representations and inputs of the jury stage. Serializers parse and show; the rules are
in juries/services.py."""

from django.conf import settings
from rest_framework import serializers

from accounts.models import Organization, User
from applicants.models import Declaration
from core.masking import mask_phone
from juries.models import (
    Assessment,
    Ballot,
    Candidate,
    Expert,
    ExpertInterest,
    Jury,
    Objection,
    PanelDraw,
    PanelSeat,
    Recusal,
    ReexaminationRequest,
    ResultPublicity,
    ReviewMeeting,
    Vote,
)
from titles.models import EvaluationPlan, Series, Specialty


class JurySerializer(serializers.ModelSerializer):
    library_size = serializers.IntegerField(read_only=True)

    class Meta:
        model = Jury
        fields = [
            "id",
            "name",
            "series",
            "specialty",
            "min_level",
            "max_level",
            "established_by",
            "office",
            "approval_document_number",
            "approved_on",
            "valid_until",
            "library_size",
        ]
        read_only_fields = ["approval_document_number", "approved_on", "valid_until"]


class JuryCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=128)
    series = serializers.PrimaryKeyRelatedField(queryset=Series.objects.all())
    specialty = serializers.PrimaryKeyRelatedField(
        queryset=Specialty.objects.all(), required=False, allow_null=True
    )
    min_level = serializers.IntegerField(min_value=1, max_value=5)
    max_level = serializers.IntegerField(min_value=1, max_value=5)
    established_by = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    office = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())


class JuryApprovalSerializer(serializers.Serializer):
    approval_document_number = serializers.CharField(max_length=64)
    approved_on = serializers.DateField()
    valid_until = serializers.DateField()


class ExpertSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.real_name", read_only=True)

    class Meta:
        model = Expert
        fields = [
            "id",
            "jury",
            "user",
            "name",
            "specialty",
            "title_level",
            "employer",
            "position",
            "term_starts",
            "term_ends",
            "is_active",
        ]
        read_only_fields = ["is_active"]


class JuryReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class InterestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpertInterest
        fields = [
            "id",
            "expert",
            "relation",
            "person_name",
            "person_id_number",
            "organization",
            "note",
            "meeting",
            "candidate",
            "declared_at",
        ]
        read_only_fields = ["meeting", "declared_at"]


class MeetingSerializer(serializers.ModelSerializer):
    candidate_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReviewMeeting
        fields = [
            "id",
            "jury",
            "plan",
            "name",
            "held_on",
            "venue",
            "panel_size",
            "group_size",
            "status",
            "applied_at",
            "decided_at",
            "return_reason",
            "drawn_at",
            "confirmed_at",
            "candidate_count",
        ]
        read_only_fields = [
            "jury",
            "status",
            "applied_at",
            "decided_at",
            "return_reason",
            "drawn_at",
            "confirmed_at",
        ]


class MeetingCreateSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=EvaluationPlan.objects.all())
    name = serializers.CharField(max_length=128)
    held_on = serializers.DateField()
    venue = serializers.CharField(max_length=128, required=False, allow_blank=True)
    panel_size = serializers.IntegerField(min_value=1, max_value=999)
    group_size = serializers.IntegerField(
        min_value=1, max_value=99, default=settings.REVIEW_GROUP_MIN_EXPERTS
    )


class CandidateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="declaration.applicant.real_name", read_only=True)
    employer = serializers.CharField(source="declaration.employer.name", read_only=True)
    title = serializers.CharField(source="declaration.title.name_zh", read_only=True)
    specialty = serializers.CharField(source="declaration.specialty.name_zh", read_only=True)
    declaration_status = serializers.CharField(source="declaration.status", read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "declaration",
            "name",
            "employer",
            "title",
            "specialty",
            "group",
            "declaration_status",
            "outcome",
            "overturned_at",
            "ready_for_filing_at",
        ]


class TallySerializer(CandidateSerializer):
    votes_blank = serializers.IntegerField(read_only=True)
    passes = serializers.SerializerMethodField()

    class Meta(CandidateSerializer.Meta):
        fields = [
            *CandidateSerializer.Meta.fields,
            "voters",
            "votes_yes",
            "votes_no",
            "votes_abstain",
            "votes_blank",
            "passes",
        ]

    def get_passes(self, candidate) -> bool:
        from juries.selectors import tally_of

        return tally_of(candidate).passed


class AssignSerializer(serializers.Serializer):
    declarations = serializers.PrimaryKeyRelatedField(
        queryset=Declaration.objects.all(), many=True, allow_empty=False
    )


class ApproveMeetingSerializer(serializers.Serializer):
    observer = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))


class SeatSerializer(serializers.ModelSerializer):
    """A seat as the office and the observer see it on the sealed panel."""

    name = serializers.CharField(source="expert.user.real_name", read_only=True)
    position = serializers.CharField(source="expert.position", read_only=True)
    specialty = serializers.CharField(source="expert.specialty.name_zh", read_only=True)
    employer = serializers.CharField(source="expert.employer.name", read_only=True)

    class Meta:
        model = PanelSeat
        fields = [
            "id",
            "expert",
            "name",
            "position",
            "specialty",
            "employer",
            "group",
            "basis",
            "status",
            "commitment_signed_at",
            "declined_at",
            "decline_reason",
            "attended",
        ]


class OwnSeatSerializer(serializers.ModelSerializer):
    """An expert's own seat: the meeting, never the other experts."""

    meeting_name = serializers.CharField(source="meeting.name", read_only=True)
    held_on = serializers.DateField(source="meeting.held_on", read_only=True)
    meeting_status = serializers.CharField(source="meeting.status", read_only=True)

    class Meta:
        model = PanelSeat
        fields = [
            "id",
            "meeting",
            "meeting_name",
            "held_on",
            "meeting_status",
            "group",
            "status",
            "commitment_text",
            "commitment_signed_at",
            "attended",
        ]


class CommitmentSerializer(serializers.Serializer):
    text = serializers.CharField(read_only=True)


class DrawSerializer(serializers.ModelSerializer):
    replays = serializers.SerializerMethodField()

    class Meta:
        model = PanelDraw
        fields = [
            "id",
            "kind",
            "algorithm",
            "seed",
            "inputs",
            "result",
            "replaced_seat",
            "drawn_at",
            "replays",
        ]

    def get_replays(self, record) -> bool:
        from juries.selectors import replays_as_recorded

        return replays_as_recorded(record)


class PanelSerializer(serializers.Serializer):
    seats = SeatSerializer(many=True)
    draws = DrawSerializer(many=True)
    recusals = serializers.ListField(child=serializers.DictField())


class RecuseSerializer(serializers.Serializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all())
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all())
    note = serializers.CharField(max_length=200)


class RecusalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recusal
        fields = ["id", "expert", "candidate", "reason", "note", "recorded_at"]


class AttendanceSerializer(serializers.Serializer):
    seats = serializers.PrimaryKeyRelatedField(queryset=PanelSeat.objects.all(), many=True)


class QuorumSerializer(serializers.Serializer):
    attending = serializers.IntegerField()
    seated = serializers.IntegerField()
    needed = serializers.IntegerField()


class BallotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ballot
        fields = ["id", "meeting", "status", "seated", "attending", "opened_at", "closed_at"]


class ScoreSummarySerializer(serializers.Serializer):
    candidate = serializers.IntegerField(source="candidate.pk")
    name = serializers.CharField(source="candidate.declaration.applicant.real_name")
    totals = serializers.ListField(child=serializers.DecimalField(max_digits=6, decimal_places=2))
    group_size = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    median = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    spread = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    defense_mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    disagreement = serializers.BooleanField()


class MinutesSerializer(serializers.Serializer):
    content = serializers.JSONField()
    digest = serializers.CharField()
    generated_at = serializers.DateTimeField()
    intact = serializers.BooleanField()


class PublishSerializer(serializers.Serializer):
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    notice = serializers.CharField(required=False, allow_blank=True)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PublicitySerializer(serializers.ModelSerializer):
    jury = serializers.CharField(source="meeting.jury.name", read_only=True)
    meeting_name = serializers.CharField(source="meeting.name", read_only=True)

    class Meta:
        model = ResultPublicity
        fields = [
            "public_id",
            "jury",
            "meeting_name",
            "starts_on",
            "ends_on",
            "notice",
            "contact",
            "closed_at",
        ]


class PublicCandidateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="declaration.applicant.real_name")
    employer = serializers.CharField(source="declaration.employer.name")
    title = serializers.CharField(source="declaration.title.name_zh")
    specialty = serializers.CharField(source="declaration.specialty.name_zh")
    withdrawn = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = ["id", "name", "employer", "title", "specialty", "withdrawn"]

    def get_withdrawn(self, candidate) -> bool:
        return candidate.overturned_at is not None


class PublicityDetailSerializer(PublicitySerializer):
    candidates = serializers.SerializerMethodField()

    class Meta(PublicitySerializer.Meta):
        fields = [*PublicitySerializer.Meta.fields, "candidates"]

    def get_candidates(self, publicity) -> list[dict]:
        from juries.selectors import publicized_candidates

        return PublicCandidateSerializer(publicized_candidates(publicity), many=True).data


class ObjectionFileSerializer(serializers.Serializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all())
    filer_name = serializers.CharField(max_length=64)
    filer_phone = serializers.CharField(max_length=20)
    filer_email = serializers.EmailField(required=False, allow_blank=True)
    content = serializers.CharField(max_length=5000)


class ObjectionReceiptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = ["reference", "filed_at", "status"]


class ResultObjectionSerializer(serializers.ModelSerializer):
    candidate_name = serializers.CharField(
        source="candidate.declaration.applicant.real_name", read_only=True
    )
    # The office calls the filer back from the page; lists keep the number masked.
    filer_phone = serializers.SerializerMethodField()
    meeting = serializers.IntegerField(source="publicity.meeting_id", read_only=True)

    class Meta:
        model = Objection
        fields = [
            "id",
            "reference",
            "meeting",
            "candidate",
            "candidate_name",
            "filer_name",
            "filer_phone",
            "filer_email",
            "content",
            "filed_at",
            "status",
            "finding",
            "decided_at",
        ]

    def get_filer_phone(self, objection) -> str:
        return mask_phone(objection.filer_phone)


class DecideObjectionSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    finding = serializers.CharField(max_length=5000)


class ReviewCandidateSerializer(CandidateSerializer):
    """A file in the expert's review group."""

    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    education = serializers.CharField(source="declaration.get_education_display", read_only=True)
    current_title = serializers.CharField(source="declaration.current_title_name", read_only=True)
    professional_years = serializers.IntegerField(
        source="declaration.professional_years", read_only=True
    )
    defense = serializers.SerializerMethodField()

    class Meta(CandidateSerializer.Meta):
        fields = [
            "id",
            "meeting",
            "declaration",
            "name",
            "employer",
            "title",
            "specialty",
            "group",
            "education",
            "current_title",
            "professional_years",
            "defense",
        ]

    def get_defense(self, candidate) -> bool:
        from juries.selectors import defense_applies

        return defense_applies(candidate.declaration)


class AssessmentInputSerializer(serializers.Serializer):
    opinion = serializers.CharField(max_length=5000)
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=2))
    defense_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )


class ReviewAssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "candidate", "opinion", "scores", "total", "defense_score", "updated_at"]


class VoteItemSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    choice = serializers.ChoiceField(choices=Vote.Choice.choices)


class BallotPaperSerializer(serializers.Serializer):
    votes = VoteItemSerializer(many=True, allow_empty=False)


class BallotPaperStateSerializer(serializers.Serializer):
    """What an expert sees of a ballot: whether it is open, and where they have voted."""

    meeting = serializers.IntegerField()
    is_open = serializers.BooleanField()
    attending = serializers.BooleanField()
    to_vote = serializers.ListField(child=serializers.IntegerField())
    voted = serializers.ListField(child=serializers.IntegerField())


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class ResultSerializer(CandidateSerializer):
    meeting_name = serializers.CharField(source="meeting.name", read_only=True)

    class Meta(CandidateSerializer.Meta):
        fields = [
            "id",
            "meeting",
            "meeting_name",
            "declaration",
            "title",
            "specialty",
            "outcome",
            "overturned_at",
            "overturn_reason",
        ]


class ReexaminationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReexaminationRequest
        fields = ["id", "candidate", "reason", "requested_at", "status", "answer", "answered_at"]
        read_only_fields = ["requested_at", "status", "answer", "answered_at"]


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)
