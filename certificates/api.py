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

from accounts.id_number_access import record_id_number_shown
from accounts.models import IdType
from accounts.selectors import active_memberships
from accounts.serializers import RevealedIdNumberSerializer
from certificates import rate_limit, selectors, services, signing
from certificates.exports import export_certificate_table, record_table_export
from certificates.models import Certificate, VerificationLog
from certificates.permissions import (
    full_id_number_certificates,
    holder_id_membership,
    sees_lookups,
    table_id_number_membership,
)
from certificates.serializers import (
    ApproveFilingSerializer,
    CertificateExportSerializer,
    CertificateIdSearchSerializer,
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
from certificates.views import record_certificate_view
from core.masking import ID_NUMBER_IN_ADDRESS, looks_like_id_number
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from juries.models import ReviewMeeting


def _memberships(request):
    """The roles a whole ID number may be shown in: the one chosen on the site, or every
    active one for a caller signed in with a token (who has not chosen one)."""
    membership = getattr(request, "membership", None)
    if membership is not None:
        return [membership]
    return active_memberships(request.user)


def _id_type_label(value) -> str:
    return str(IdType(value).label) if value in IdType.values else value


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
    q = filters.CharFilter(
        method="search",
        label=_("Number, name or employer (an ID number: POST /api/v1/certificates/search/)"),
    )
    status = filters.ChoiceFilter(choices=Certificate.Status.choices)
    year = filters.NumberFilter()
    filing = filters.NumberFilter(field_name="filing_id")

    def search(self, queryset, name, value):
        if looks_like_id_number(value):
            raise exceptions.ValidationError({"q": [str(ID_NUMBER_IN_ADDRESS)]})
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
        record_certificate_view(request, certificate)
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

    @extend_schema(methods=["GET"], request=None, responses={200: XLSX_RESPONSE})
    @extend_schema(
        methods=["POST"], request=CertificateExportSerializer, responses={200: XLSX_RESPONSE}
    )
    @action(detail=False, methods=["get", "post"])
    def export(self, request):
        """The certificate information table as Excel, filtered like the list, ID numbers
        masked. POST with `full_id_numbers` (HR bureau staff): whole numbers for the
        certificates of the bureau, each holder shown recorded."""
        membership = None
        if request.method == "POST":
            options = CertificateExportSerializer(data=request.data)
            options.is_valid(raise_exception=True)
            if options.validated_data["full_id_numbers"]:
                membership = table_id_number_membership(request.user, _memberships(request))
                if membership is None:
                    raise exceptions.PermissionDenied(_("You may not export whole ID numbers."))
        certificates = selectors.with_whole_id_numbers(
            selectors.certificate_table(
                self.filter_queryset(selectors.visible_certificates(request.user))
            ),
            full_id_number_certificates(membership) if membership is not None else None,
        )
        content = export_certificate_table(certificates)
        record_table_export(
            user=request.user,
            membership=membership,
            certificates=certificates,
            item="certificate information table",
            request=request,
        )
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="certificates.xlsx"'
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        request=CertificateIdSearchSerializer, responses={200: CertificateSerializer(many=True)}
    )
    @action(detail=False, methods=["post"], filterset_class=None)
    def search(self, request):
        """The certificates whose holder has this whole ID number, among those you see: sent
        in the body, never in the address."""
        data = CertificateIdSearchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificates = selectors.search_certificates(
            self.get_queryset(), id_number=data.validated_data["id_number"]
        ).order_by("-year", "-sequence")
        page = self.paginate_queryset(certificates)
        serializer = CertificateSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    @extend_schema(request=None, responses={200: RevealedIdNumberSerializer})
    @action(detail=True, methods=["post"], url_path="reveal-id")
    def reveal_id(self, request, pk=None):
        """The holder's whole ID number, for the HR bureau filing the certificate nationally
        (and the holder); each time is recorded."""
        certificate = self.get_object()
        own = certificate.holder_id == request.user.pk
        membership = holder_id_membership(request.user, _memberships(request), certificate)
        if not own and membership is None:
            raise exceptions.PermissionDenied(
                _("Only the HR bureau of this certificate may see the whole ID number.")
            )
        record_id_number_shown(
            request,
            subject_id=certificate.holder_id,
            item=f"certificate {certificate.number}",
            membership=membership,
        )
        response = Response(
            {
                "person": certificate.holder_id,
                "id_type": certificate.id_type,
                "id_type_display": _id_type_label(certificate.id_type),
                "id_number": certificate.id_number,
            }
        )
        response["Cache-Control"] = "private, no-store"
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
        """The issuing authority's public key (Ed25519 or SM2), to check certificate
        signatures, and the retired keys that signed earlier certificates."""

        def described(key):
            sm2 = key.algorithm == signing.SM2
            return {
                "algorithm": key.name,
                "digest": "SM3" if sm2 else "",
                "distinguishing_id": signing.SM2_DISTINGUISHING_ID if sm2 else "",
                "key_id": key.key_id,
                "public_key_base64": key.base64,
                "public_key_pem": key.pem,
            }

        return Response(
            PublicKeySerializer(
                {
                    **described(signing.current_public_key()),
                    "development": signing.is_development_key(),
                    "retired_keys": [described(key) for key in signing.retired_public_keys()],
                }
            ).data
        )


def register(router):
    router.register("filings", FilingViewSet, basename="filing")
    router.register("certificates", CertificateViewSet, basename="certificate")
    router.register("verifications", VerificationViewSet, basename="verification")
