"""Post quotas over the API: quotas with their explanations, post data (file, approve, import,
template), quota flags, the places held, and a declaration's quota pool. Querysets are scoped
like the pages: anything the caller may not see answers 404."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.spreadsheet_import import XLSX_CONTENT_TYPE
from quotas import selectors, services
from quotas.exports import export_quota_table
from quotas.imports import TEMPLATE_FILENAME, build_template
from quotas.imports import import_post_data as run_import
from quotas.models import DoubleOrientationChoice, PostLevel, QuotaFlag
from quotas.rule import Outcome
from quotas.serializers import (
    ApprovalResultSerializer,
    DeclarationPoolSerializer,
    DoubleOrientationSerializer,
    PostDataImportResultSerializer,
    PostDataImportSerializer,
    PostDataSerializer,
    PostDataUpdateSerializer,
    PostDataWriteSerializer,
    QuotaFlagSerializer,
    QuotaSerializer,
    ReservationSerializer,
)
from quotas.services import POST_FIGURE_FIELDS

XLSX_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description=_("An Excel workbook (.xlsx)."))


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class QuotaFilter(filters.FilterSet):
    institution = filters.NumberFilter(field_name="institution_id")
    year = filters.NumberFilter()
    post_level = filters.ChoiceFilter(choices=PostLevel.choices)
    outcome = filters.ChoiceFilter(choices=Outcome.choices)


class QuotaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Declaration quotas per institution, year and post level, with the places taken and
    the steps that reached each figure."""

    serializer_class = QuotaSerializer
    filterset_class = QuotaFilter

    def get_queryset(self):
        return selectors.visible_quotas(self.request.user)

    @extend_schema(responses={200: XLSX_RESPONSE})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The (filtered) quota table as an Excel workbook."""
        quotas = self.filter_queryset(self.get_queryset())
        return xlsx_response(export_quota_table(quotas), "post-quotas.xlsx")


class PostDataFilter(filters.FilterSet):
    institution = filters.NumberFilter(field_name="institution_id")
    year = filters.NumberFilter()
    post_level = filters.ChoiceFilter(choices=PostLevel.choices)
    audit_form_approved = filters.BooleanFilter()


class PostDataViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The figures of the annual post-appointment audit form. An institution's HR staff file
    them (they then wait for approval); the HR bureau above approves."""

    serializer_class = PostDataSerializer
    filterset_class = PostDataFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.visible_post_data(self.request.user)

    def _institution(self, pk):
        return get_object_or_404(selectors.quota_institutions(self.request.user), pk=pk)

    @extend_schema(request=PostDataWriteSerializer, responses={201: PostDataSerializer})
    def create(self, request):
        form = PostDataWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        institution = self._institution(data.pop("institution"))
        year, post_level = data.pop("year"), data.pop("post_level")
        approve = data.pop("audit_form_approved")
        services.save_post_data(
            actor=request.user,
            institution=institution,
            year=year,
            levels={post_level: data},
            approve=approve,
        )
        row = self.get_queryset().get(institution=institution, year=year, post_level=post_level)
        return Response(PostDataSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PostDataUpdateSerializer, responses={200: PostDataSerializer})
    def partial_update(self, request, pk=None):
        row = self.get_object()
        form = PostDataUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        approve = data.pop("audit_form_approved", None)
        figures = {field: data.get(field, getattr(row, field)) for field in POST_FIGURE_FIELDS}
        services.save_post_data(
            actor=request.user,
            institution=row.institution,
            year=row.year,
            levels={row.post_level: figures},
            approve=approve,
        )
        return Response(PostDataSerializer(self.get_queryset().get(pk=row.pk)).data)

    @extend_schema(request=None, responses={200: ApprovalResultSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the audit form this row belongs to: every post level the institution filed
        for that year."""
        row = self.get_object()
        count = services.approve_audit_form(
            actor=request.user, institution=row.institution, year=row.year
        )
        return Response({"approved": count})

    @extend_schema(
        request={"multipart/form-data": PostDataImportSerializer},
        responses={201: PostDataImportResultSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
    )
    def import_file(self, request):
        """Import post data from the Excel template: all rows or none."""
        form = PostDataImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # A file with bad rows raises ImportRejected: a 400 naming every bad row.
        outcome = run_import(actor=request.user, file=form.validated_data["file"])
        return Response(
            {
                "created": outcome.created,
                "updated": outcome.updated,
                "institutions": outcome.institutions,
                "years": list(outcome.years),
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={200: XLSX_RESPONSE})
    @action(detail=False, methods=["get"])
    def template(self, request):
        """The Excel template for the import."""
        return xlsx_response(build_template(), TEMPLATE_FILENAME)


class QuotaFlagFilter(filters.FilterSet):
    institution = filters.NumberFilter(field_name="institution_id")
    year = filters.NumberFilter()
    reason = filters.ChoiceFilter(choices=QuotaFlag.Reason.choices)
    open = filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull")


class QuotaFlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Institutions the quota check flagged as suspended or over quota."""

    serializer_class = QuotaFlagSerializer
    filterset_class = QuotaFlagFilter

    def get_queryset(self):
        return selectors.visible_flags(self.request.user, open_only=False).order_by(
            "resolved_at", "-raised_at", "-pk"
        )


class ReservationFilter(filters.FilterSet):
    institution = filters.NumberFilter(field_name="quota__institution_id")
    year = filters.NumberFilter(field_name="quota__year")
    post_level = filters.ChoiceFilter(field_name="quota__post_level", choices=PostLevel.choices)
    active = filters.BooleanFilter(field_name="released_at", lookup_expr="isnull")
    declaration = filters.NumberFilter(field_name="declaration_id")


class ReservationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Places taken by recommended declarations, and given back."""

    serializer_class = ReservationSerializer
    filterset_class = ReservationFilter

    def get_queryset(self):
        return selectors.visible_reservations(self.request.user)


class DeclarationPoolViewSet(viewsets.GenericViewSet):
    """Which quota a declaration draws from, and the employer's double-orientation choice."""

    serializer_class = DeclarationPoolSerializer
    http_method_names = ["get", "put", "head", "options"]

    def get_queryset(self):
        return selectors.pool_declarations(self.request.user)

    def _answer(self, declaration):
        pool = selectors.pool_of(declaration)
        result = selectors.live_quota(pool) if pool else None
        data = {
            "declaration": declaration.pk,
            "limited": pool is not None,
            "institution": pool.institution_id if pool else None,
            "year": pool.year if pool else None,
            "post_level": pool.post_level if pool else None,
            "double_orientation": DoubleOrientationChoice.objects.filter(
                declaration=declaration
            ).exists(),
            "outcome": result.outcome if result else None,
            "places": result.places if result else None,
            "taken": selectors.places_taken(pool) if pool else None,
            "holds_place": selectors.active_reservation(declaration) is not None,
            "explanation": [
                {"code": step.code, "figures": step.figures, "text": step.text}
                for step in (result.steps if result else ())
            ],
        }
        return Response(DeclarationPoolSerializer(data).data)

    def retrieve(self, request, pk=None):
        return self._answer(self.get_object())

    @extend_schema(request=DoubleOrientationSerializer, responses={200: DeclarationPoolSerializer})
    def update(self, request, pk=None):
        declaration = self.get_object()
        form = DoubleOrientationSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.choose_double_orientation(
            actor=request.user,
            declaration=declaration,
            chosen=form.validated_data["double_orientation"],
        )
        return self._answer(self.get_queryset().get(pk=declaration.pk))


def register(router):
    """Adds this app's API viewsets to the /api/v1/ router."""
    router.register("quotas", QuotaViewSet, basename="quota")
    router.register("post-data", PostDataViewSet, basename="post-data")
    router.register("quota-flags", QuotaFlagViewSet, basename="quota-flag")
    router.register("quota-reservations", ReservationViewSet, basename="quota-reservation")
    router.register("declaration-quota-pools", DeclarationPoolViewSet, basename="declaration-pool")
