"""Declarations over the API: the form, materials, findings, the audit trail, and every move
as `POST /api/v1/declarations/<id>/<action>/`. Thin: parse, call one service, answer."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.id_number_access import record_export, record_id_number_shown
from accounts.serializers import RevealedIdNumberSerializer, revealed_id_number
from applicants import selectors, services
from applicants.models import Material
from applicants.permissions import (
    active_memberships,
    applicant_id_membership,
    roster_id_number_membership,
    roster_plans,
)
from applicants.serializers import (
    CorrectionRequestSerializer,
    DeclarationAuditRecordSerializer,
    DeclarationDetailSerializer,
    DeclarationListSerializer,
    DeclarationMaterialSerializer,
    DeclarationMaterialUploadSerializer,
    DeclarationPledgeSerializer,
    DeclarationReasonSerializer,
    DeclarationRecommendSerializer,
    DeclarationRequiredReasonSerializer,
    DeclarationReturnSerializer,
    DeclarationRosterQuerySerializer,
    DeclarationWriteSerializer,
    EligibilityFindingSerializer,
    PublicityNoticeSerializer,
    PublicityObjectionCreateSerializer,
    PublicityObjectionResolveSerializer,
    PublicityObjectionSerializer,
)
from applicants.views import XLSX, material_response, record_declaration_view, roster_response


def _memberships(request):
    """The roles a whole ID number may be shown in: the one chosen on the site, or every
    active one for a caller signed in with a token (who has not chosen one)."""
    membership = getattr(request, "membership", None)
    return [membership] if membership is not None else active_memberships(request.user)


def move(name, service, serializer_class=None, summary="", url_path=None):
    """The API action `name`: POST performs one move through `service`."""

    def perform(self, request, pk=None):
        declaration = self.get_object()
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        service(declaration, actor=request.user, **data)
        return self.answer(declaration.pk)

    perform.__name__ = name
    # extend_schema goes outside action(), which replaces the function's kwargs.
    return extend_schema(
        summary=summary, request=serializer_class, responses=DeclarationDetailSerializer
    )(action(detail=True, methods=["post"], url_path=url_path or name.replace("_", "-"))(perform))


class DeclarationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Declarations the user may see, the applicant's form, and the moves between stages."""

    filterset_fields = ["status", "plan", "channel", "employer", "title"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.declaration_list(self.request.user)
        return selectors.declaration_detail_queryset(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return DeclarationListSerializer
        if self.action in ("create", "partial_update"):
            return DeclarationWriteSerializer
        return DeclarationDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        declaration = self.get_object()
        record_declaration_view(request, declaration)
        return Response(self.get_serializer(declaration).data)

    def answer(self, pk, status_code=status.HTTP_200_OK):
        declaration = selectors.get_declaration(self.request.user, pk)
        serializer = DeclarationDetailSerializer(declaration, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)

    @extend_schema(request=DeclarationWriteSerializer, responses={201: DeclarationDetailSerializer})
    def create(self, request):
        serializer = DeclarationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        declaration = services.create_declaration(actor=request.user, **serializer.validated_data)
        return self.answer(declaration.pk, status.HTTP_201_CREATED)

    @extend_schema(request=DeclarationWriteSerializer, responses=DeclarationDetailSerializer)
    def partial_update(self, request, pk=None):
        declaration = self.get_object()
        serializer = DeclarationWriteSerializer(declaration, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("employer", None)
        services.update_declaration(declaration, actor=request.user, **data)
        return self.answer(declaration.pk)

    submit = move(
        "submit",
        services.submit_declaration,
        DeclarationPledgeSerializer,
        "Submit to the unit with the pledge",
    )
    withdraw = move(
        "withdraw", services.withdraw_declaration, DeclarationReasonSerializer, "Withdraw"
    )
    start_publicity = move(
        "start_publicity", services.start_unit_publicity, None, "Start the unit publicity"
    )
    recommend = move(
        "recommend",
        services.recommend_declaration,
        DeclarationRecommendSerializer,
        "Recommend, with the unit's commitment",
    )
    return_ = move(
        "return_",
        services.return_declaration,
        DeclarationReturnSerializer,
        "Return to the applicant with reasons",
        url_path="return",
    )
    department_approve = move(
        "department_approve",
        services.approve_at_department,
        DeclarationReasonSerializer,
        "Competent department: approve and forward to the jury office",
    )
    start_check = move(
        "start_check", services.start_qualification_check, None, "Start the qualification check"
    )
    qualify = move(
        "qualify",
        services.qualify_declaration,
        DeclarationReasonSerializer,
        "Pass the qualification check",
    )
    reject = move(
        "reject", services.reject_declaration, DeclarationRequiredReasonSerializer, "Reject"
    )
    request_correction = move(
        "request_correction",
        services.request_correction,
        CorrectionRequestSerializer,
        "One-time correction notice: every problem at once, with a deadline",
    )
    resubmit = move(
        "resubmit",
        services.resubmit_declaration,
        DeclarationPledgeSerializer,
        "Resubmit after correction",
    )

    @extend_schema(responses=EligibilityFindingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def findings(self, request, pk=None):
        declaration = self.get_object()
        findings = [finding.as_dict() for finding in selectors.declaration_findings(declaration)]
        return Response(EligibilityFindingSerializer(findings, many=True).data)

    @extend_schema(responses=DeclarationAuditRecordSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="audit-trail")
    def audit_trail(self, request, pk=None):
        declaration = self.get_object()
        records = selectors.audit_trail(declaration, reader=request.user)
        return Response(DeclarationAuditRecordSerializer(records, many=True).data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=DeclarationMaterialSerializer(many=True),
        summary="Current materials of the declaration",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": DeclarationMaterialUploadSerializer},
        responses={201: DeclarationMaterialSerializer},
        summary="Upload or replace a proof material",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def materials(self, request, pk=None):
        declaration = self.get_object()
        if request.method == "GET":
            materials = declaration.current_materials
            return Response(DeclarationMaterialSerializer(materials, many=True).data)
        serializer = DeclarationMaterialUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        replaces = None
        if "replaces" in data:
            replaces = get_object_or_404(Material, pk=data["replaces"], declaration=declaration)
        material = services.upload_material(
            declaration,
            actor=request.user,
            material_type=data.get("material_type", ""),
            uploaded_file=data["file"],
            replaces=replaces,
        )
        return Response(
            DeclarationMaterialSerializer(material).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"],
        parameters=[OpenApiParameter("plan", int, required=True, description="the plan's id")],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Excel roster")},
        summary="Roster of qualification evaluation objects (Excel), ID numbers masked",
    )
    @extend_schema(
        methods=["POST"],
        request=DeclarationRosterQuerySerializer,
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Excel roster")},
        summary="Roster (Excel); with full_id_numbers, whole ID numbers, each person recorded",
    )
    @action(detail=False, methods=["get", "post"])
    def roster(self, request):
        source = request.data if request.method == "POST" else request.query_params
        query = DeclarationRosterQuerySerializer(data=source)
        query.is_valid(raise_exception=True)
        plan = get_object_or_404(roster_plans(request.user), pk=query.validated_data["plan"])
        membership = None
        if request.method == "POST" and query.validated_data["full_id_numbers"]:
            membership = roster_id_number_membership(request.user, _memberships(request), plan)
            if membership is None:
                raise PermissionDenied(_("You may not export whole ID numbers."))
        response = roster_response(plan, full_id_numbers=membership is not None)
        record_export(
            user=request.user,
            membership=membership,
            subject_ids=response.applicant_ids,
            item=f"roster of plan {plan.pk}",
            whole_id_numbers=membership is not None,
            request=request,
        )
        return response

    @extend_schema(
        request=None,
        responses=RevealedIdNumberSerializer,
        summary="The applicant's whole ID number, for the office's qualification check (recorded)",
    )
    @action(detail=True, methods=["post"], url_path="reveal-id")
    def reveal_id(self, request, pk=None):
        declaration = self.get_object()
        own = declaration.applicant_id == request.user.pk
        membership = applicant_id_membership(request.user, _memberships(request), declaration)
        if not own and membership is None:
            raise PermissionDenied(
                _("Only the jury office checking this declaration may see the whole ID number.")
            )
        record_id_number_shown(
            request,
            subject_id=declaration.applicant_id,
            item=f"declaration #{declaration.pk}",
            membership=membership,
        )
        response = Response(revealed_id_number(declaration.applicant))
        response["Cache-Control"] = "private, no-store"
        return response


class MaterialViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Every version of the materials the user may see; deleting takes a file off its
    declaration but keeps it as an earlier version."""

    serializer_class = DeclarationMaterialSerializer
    filterset_fields = ["declaration", "material_type", "is_current"]

    def get_queryset(self):
        from applicants.permissions import visible_materials

        return visible_materials(self.request.user).select_related("uploaded_by").order_by("pk")

    def perform_destroy(self, instance):
        services.remove_material(instance, actor=self.request.user)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
        summary="Download the file",
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None) -> FileResponse:
        return material_response(request, self.get_object())


class UnitPublicityViewSet(viewsets.ReadOnlyModelViewSet):
    """The unit publicity notices of the user's units; members may object while one runs."""

    serializer_class = PublicityNoticeSerializer

    def get_queryset(self):
        return selectors.unit_publicity_notices(self.request.user)

    @extend_schema(
        request=PublicityObjectionCreateSerializer, responses={201: PublicityObjectionSerializer}
    )
    @action(detail=True, methods=["post"])
    def objections(self, request, pk=None):
        publicity = self.get_object()
        serializer = PublicityObjectionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        objection = services.raise_publicity_objection(
            publicity, actor=request.user, content=serializer.validated_data["content"]
        )
        return Response(
            PublicityObjectionSerializer(objection).data, status=status.HTTP_201_CREATED
        )


class PublicityObjectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Objections to the unit's declarations, for its HR staff to resolve."""

    serializer_class = PublicityObjectionSerializer

    def get_queryset(self):
        return selectors.objections_for_unit_staff(self.request.user).order_by("pk")

    @extend_schema(
        request=PublicityObjectionResolveSerializer, responses=PublicityObjectionSerializer
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        objection = self.get_object()
        serializer = PublicityObjectionResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        objection = services.resolve_publicity_objection(
            objection, actor=request.user, **serializer.validated_data
        )
        return Response(PublicityObjectionSerializer(objection).data)


def register(router):
    """Adds this app's API viewsets to the /api/v1/ router."""
    router.register("declarations", DeclarationViewSet, basename="declaration")
    router.register("declaration-materials", MaterialViewSet, basename="declaration-material")
    router.register("unit-publicities", UnitPublicityViewSet, basename="unit-publicity")
    router.register(
        "publicity-objections", PublicityObjectionViewSet, basename="publicity-objection"
    )
