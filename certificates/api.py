"""Filing, certificates and public verification over the API. Querysets are scoped like the
pages: anything the caller may not see answers 404. Verification needs no sign-in and is
rate limited per client address."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from certificates import rate_limit, selectors, services, signing
from certificates.exports import export_certificate_table
from certificates.models import Certificate, VerificationLog
from certificates.permissions import sees_lookups
from certificates.serializers import (
    ApproveFilingSerializer,
    CertificateSerializer,
    FilingSerializer,
    LookupSerializer,
    PhotoUploadSerializer,
    ProgressSerializer,
    PublicKeySerializer,
    ReasonSerializer,
    RetryResultSerializer,
    RevokeSerializer,
    SubmitFilingSerializer,
    VerificationSerializer,
)
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from juries.models import ReviewMeeting

PDF_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description=_("The certificate PDF."))
XLSX_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description=_("An Excel workbook (.xlsx)."))


class FilingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Filings of review-meeting results: the jury office submits, the HR bureau approves
    with its document number (which starts the certificate batch) or returns them."""

    serializer_class = FilingSerializer
    filterset_fields = ["status", "meeting"]

    def get_queryset(self):
        return selectors.visible_filings(self.request.user).prefetch_related("entries")

    @extend_schema(request=SubmitFilingSerializer, responses={201: FilingSerializer})
    def create(self, request):
        data = SubmitFilingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = get_object_or_404(ReviewMeeting, pk=data.validated_data["meeting"])
        filing = services.submit_filing(
            actor=request.user,
            meeting=meeting,
            declaration_ids=data.validated_data.get("declarations"),
            note=data.validated_data["note"],
        )
        filing = self.get_queryset().get(pk=filing.pk)
        return Response(FilingSerializer(filing).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ApproveFilingSerializer, responses={200: FilingSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = ApproveFilingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.approve_filing(self.get_object(), actor=request.user, **data.validated_data)
        return Response(FilingSerializer(self.get_object()).data)

    @extend_schema(request=ReasonSerializer, responses={200: FilingSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_filing(self, request, pk=None):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.return_filing(self.get_object(), actor=request.user, **data.validated_data)
        return Response(FilingSerializer(self.get_object()).data)

    @extend_schema(responses={200: ProgressSerializer})
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        filing = self.get_object()
        progress = selectors.filing_progress(filing).as_dict()
        return Response(
            ProgressSerializer({**progress, "failures": selectors.issue_failures(filing)}).data
        )

    @extend_schema(request=None, responses={202: RetryResultSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        queued = services.retry_certificate_issue(self.get_object(), actor=request.user)
        return Response({"queued": queued}, status=status.HTTP_202_ACCEPTED)


class CertificateFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("Number, name, employer or ID number"))
    status = filters.ChoiceFilter(choices=Certificate.Status.choices)
    year = filters.NumberFilter()
    filing = filters.NumberFilter(field_name="filing_id")

    def search(self, queryset, name, value):
        return selectors.search_certificates(queryset, query=value)


class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Certificates: the holder's own, those of the units, offices and bureaus that see
    them. The HR bureau revokes and reissues."""

    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter

    def get_queryset(self):
        return selectors.visible_certificates(self.request.user).prefetch_related("issues")

    @extend_schema(responses={200: PDF_RESPONSE})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        certificate = self.get_object()
        if not certificate.pdf:
            raise exceptions.NotFound(_("The PDF is still being prepared."))
        return FileResponse(
            certificate.pdf.open("rb"),
            as_attachment=True,
            filename=f"{certificate.number}.pdf",
            content_type="application/pdf",
        )

    @extend_schema(request=RevokeSerializer, responses={200: CertificateSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        data = RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.revoke_certificate(self.get_object(), actor=request.user, **data.validated_data)
        return Response(CertificateSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=ReasonSerializer, responses={200: CertificateSerializer})
    @action(detail=True, methods=["post"])
    def reissue(self, request, pk=None):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.reissue_certificate(self.get_object(), actor=request.user, **data.validated_data)
        return Response(CertificateSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(responses={200: LookupSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def lookups(self, request, pk=None):
        """Who looked this certificate up and when: for its holder and its bureau."""
        certificate = self.get_object()
        if not sees_lookups(request.user, certificate):
            raise exceptions.PermissionDenied(_("Only the holder and the bureau see the look-ups."))
        page = self.paginate_queryset(selectors.certificate_lookups(certificate))
        return self.get_paginated_response(LookupSerializer(page, many=True).data)

    @extend_schema(responses={200: XLSX_RESPONSE})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The certificate information table as Excel, filtered like the list."""
        certificates = self.filter_queryset(selectors.visible_certificates(request.user))
        content = export_certificate_table(selectors.certificate_table(certificates))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="certificates.xlsx"'
        return response

    @extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses={204: None})
    @action(
        detail=False,
        methods=["post"],
        parser_classes=[parsers.MultiPartParser],
        serializer_class=PhotoUploadSerializer,
    )
    def photo(self, request):
        """Upload your own ID photo for your certificates."""
        data = PhotoUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.upload_holder_photo(actor=request.user, image=data.validated_data["image"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerificationViewSet(viewsets.GenericViewSet):
    """Public certificate verification: no sign-in; answers valid, revoked (with the date),
    unknown, or invalid (the record does not match its signature)."""

    permission_classes = [AllowAny]
    serializer_class = VerificationSerializer
    lookup_field = "number"
    lookup_value_regex = "[^/]+"
    pagination_class = None
    filter_backends = []

    @extend_schema(
        parameters=[OpenApiParameter("number", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses={200: VerificationSerializer},
    )
    def retrieve(self, request, number=None):
        if not rate_limit.allow(request):
            raise exceptions.Throttled(wait=rate_limit.retry_after())
        verification = services.look_up_certificate(
            number, channel=VerificationLog.Channel.API, **rate_limit.looker(request)
        )
        return Response(VerificationSerializer(verification).data)

    @extend_schema(responses={200: PublicKeySerializer})
    @action(
        detail=False, methods=["get"], url_path="public-key", serializer_class=PublicKeySerializer
    )
    def public_key(self, request):
        """The issuing authority's Ed25519 public key, to check certificate signatures."""
        return Response(
            PublicKeySerializer(
                {
                    "algorithm": "Ed25519",
                    "key_id": signing.key_id(signing.public_key()),
                    "public_key_base64": signing.public_key_base64(),
                    "public_key_pem": signing.public_key_pem(),
                    "development": signing.is_development_key(),
                }
            ).data
        )


def register(router):
    router.register("filings", FilingViewSet, basename="filing")
    router.register("certificates", CertificateViewSet, basename="certificate")
    router.register("verifications", VerificationViewSet, basename="verification")
