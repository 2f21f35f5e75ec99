from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certificates.models import Certificate, CertificateIssue, Filing, IssueFailure, VerificationLog
from certificates.selectors import mask_ip_address
from core.masking import MaskedIdNumberField


class FilingSerializer(serializers.ModelSerializer):
    meeting_name = serializers.CharField(source="meeting.name", read_only=True)
    declarations = serializers.SerializerMethodField()
    submitted_by = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField()
    issuing_authority = serializers.StringRelatedField()

    class Meta:
        model = Filing
        fields = [
            "id",
            "meeting",
            "meeting_name",
            "status",
            "declarations",
            "note",
            "submitted_by",
            "submitted_at",
            "document_number",
            "document_date",
            "issuing_authority",
            "decided_by",
            "decided_at",
            "return_reason",
            "issue_started_at",
        ]
        read_only_fields = fields

    def get_declarations(self, filing) -> list[int]:
        return [entry.declaration_id for entry in filing.entries.all()]


class SubmitFilingSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(help_text=_("The review meeting whose results are filed."))
    declarations = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("The declarations to file; all that are ready when left out."),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ApproveFilingSerializer(serializers.Serializer):
    document_number = serializers.CharField(max_length=64)
    document_date = serializers.DateField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RevokeSerializer(ReasonSerializer):
    fraud = serializers.BooleanField(
        default=False, help_text=_("Revoked for fraud: the holder is barred from declaring.")
    )


class IssueFailureSerializer(serializers.ModelSerializer):
    class Meta:
        model = IssueFailure
        fields = ["declaration", "stage", "message", "occurred_at"]


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField(help_text=_("Certificates issued with their PDF."))
    failed = serializers.IntegerField()
    pending = serializers.IntegerField()
    finished = serializers.BooleanField()
    percent = serializers.IntegerField()
    failures = IssueFailureSerializer(many=True)


class RetryResultSerializer(serializers.Serializer):
    queued = serializers.IntegerField(help_text=_("Declarations queued for issue again."))


class CertificateIssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = CertificateIssue
        fields = ["kind", "issued_on", "reason", "created_at"]


class CertificateSerializer(serializers.ModelSerializer):
    pdf_url = serializers.SerializerMethodField()
    issues = CertificateIssueSerializer(many=True, read_only=True)
    id_number = MaskedIdNumberField(
        owner="holder_id",
        help_text=_("Masked but for the holder; the HR bureau sees it whole through reveal-id."),
    )

    class Meta:
        model = Certificate
        fields = [
            "id",
            "status",
            "declaration",
            "filing",
            "holder",
            *Certificate.PRINTED_FIELDS,
            "signature",
            "signature_algorithm",
            "signing_key_id",
            "pdf_url",
            "pdf_size",
            "revoked_at",
            "revocation_reason",
            "revoked_for_fraud",
            "issues",
        ]
        read_only_fields = fields

    def get_pdf_url(self, certificate) -> str | None:
        if not certificate.pdf:
            return None
        request = self.context.get("request")
        path = f"/api/v1/certificates/{certificate.pk}/pdf/"
        return request.build_absolute_uri(path) if request else path


class LookupSerializer(serializers.ModelSerializer):
    who = serializers.SerializerMethodField()
    ip_address = serializers.SerializerMethodField()

    class Meta:
        model = VerificationLog
        fields = ["looked_up_at", "channel", "result", "who", "ip_address"]

    def get_who(self, lookup) -> str:
        return lookup.user.real_name if lookup.user else ""

    def get_ip_address(self, lookup) -> str:
        return mask_ip_address(lookup.ip_address)


class PublicCertificateSerializer(serializers.ModelSerializer):
    """Reads selectors.public_fields' dict, not a model instance."""

    id_number_masked = serializers.CharField()

    class Meta:
        model = Certificate
        fields = [*Certificate.PUBLIC_FIELDS, "id_number_masked"]


class VerificationSerializer(serializers.Serializer):
    number = serializers.CharField()
    result = serializers.ChoiceField(choices=VerificationLog.Result.choices)
    revoked_at = serializers.DateTimeField(allow_null=True)
    certificate = serializers.SerializerMethodField(
        help_text=_("The certificate's own fields, ID number masked; null when unknown or invalid.")
    )

    @extend_schema_field(PublicCertificateSerializer(allow_null=True))
    def get_certificate(self, verification):
        fields = verification.fields
        return PublicCertificateSerializer(fields).data if fields else None


class SigningKeySerializer(serializers.Serializer):
    algorithm = serializers.CharField(help_text=_("Ed25519 or SM2."))
    digest = serializers.CharField(help_text=_("SM3 for SM2; empty for Ed25519."))
    distinguishing_id = serializers.CharField(
        help_text=_("The SM2 distinguishing id the signature is made with; empty for Ed25519.")
    )
    key_id = serializers.CharField()
    public_key_base64 = serializers.CharField(
        help_text=_("Ed25519: the raw 32 bytes; SM2: the DER SubjectPublicKeyInfo.")
    )
    public_key_pem = serializers.CharField(help_text=_("PEM SubjectPublicKeyInfo."))


class PublicKeySerializer(SigningKeySerializer):
    development = serializers.BooleanField(
        help_text=_("True for the development key used when no signing key is configured.")
    )
    retired_keys = SigningKeySerializer(
        many=True,
        help_text=_("Keys that signed earlier certificates, still valid for those."),
    )


class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField()


class CertificateIdSearchSerializer(serializers.Serializer):
    id_number = serializers.CharField(
        max_length=32, help_text=_("The holder's whole ID document number.")
    )


class CertificateExportSerializer(serializers.Serializer):
    full_id_numbers = serializers.BooleanField(
        default=False,
        help_text=_(
            "Whole ID numbers of the certificates of your HR bureau, for the national filing; "
            "every holder shown is recorded."
        ),
    )
