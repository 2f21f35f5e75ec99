"""Organizations and accounts over the API, scoped like the management pages: a caller sees
and creates only below the organizations they manage; anything else answers 404."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, parsers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import selectors, services
from accounts.models import Membership, Organization, Role, User
from accounts.serializers import (
    AccountCreateSerializer,
    AccountImportResultSerializer,
    AccountImportSerializer,
    AccountSerializer,
    MeSerializer,
    OrganizationCreateSerializer,
    OrganizationSerializer,
    TokenSerializer,
)
from accounts.views import template_response
from core.spreadsheet_import import XLSX_CONTENT_TYPE


class OrganizationFilter(filters.FilterSet):
    # A plain number: filtering by an organization one cannot see just finds nothing.
    parent = filters.NumberFilter(field_name="parent_id")
    kind = filters.ChoiceFilter(choices=Organization.Kind.choices)

    class Meta:
        model = Organization
        fields = ["parent", "kind"]


class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter

    def get_queryset(self):
        return selectors.visible_organizations(self.request.user).order_by("path")

    @extend_schema(request=OrganizationCreateSerializer, responses={201: OrganizationSerializer})
    def create(self, request, *args, **kwargs):
        form = OrganizationCreateSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        organization = services.create_organization(actor=request.user, **form.validated_data)
        return Response(OrganizationSerializer(organization).data, status=status.HTTP_201_CREATED)


class AccountFilter(filters.FilterSet):
    organization = filters.NumberFilter(
        method="filter_nothing", help_text=_("Holds a role in this organization.")
    )
    role = filters.ChoiceFilter(
        choices=Role.choices, method="filter_nothing", help_text=_("Holds this role.")
    )
    q = filters.CharFilter(
        method="filter_nothing", help_text=_("Part of the name, username or ID number.")
    )

    class Meta:
        model = User
        fields = ["organization", "role", "q"]

    def filter_nothing(self, queryset, name, value):
        return queryset  # the filters are combined in filter_queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        # Organization and role together mean one membership: that role in that organization.
        memberships = Membership.objects.filter(user=OuterRef("pk"))
        if data.get("organization"):
            memberships = memberships.filter(organization_id=data["organization"])
        if data.get("role"):
            memberships = memberships.filter(role=data["role"])
        if data.get("organization") or data.get("role"):
            queryset = queryset.filter(Exists(memberships))
        if data.get("q"):
            text = data["q"].strip()
            queryset = queryset.filter(
                Q(real_name__icontains=text)
                | Q(username__icontains=text)
                | Q(id_number__istartswith=text)
            )
        return queryset


class AccountViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AccountSerializer
    filterset_class = AccountFilter

    def get_queryset(self):
        return selectors.visible_accounts(self.request.user)

    @extend_schema(request=AccountCreateSerializer, responses={201: AccountSerializer})
    def create(self, request, *args, **kwargs):
        form = AccountCreateSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        user = services.create_account(actor=request.user, **form.validated_data)
        account = self.get_queryset().get(pk=user.pk)
        return Response(AccountSerializer(account).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="The activation e-mail is on its way.")},
    )
    @action(detail=True, methods=["post"], url_path="resend-activation")
    def resend_activation(self, request, pk=None):
        account = self.get_object()
        services.resend_activation(actor=request.user, user=account)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": AccountImportSerializer},
        responses={201: AccountImportResultSerializer},
        description=_(
            "Create applicant accounts from the filled-in template. A file with any bad row "
            "creates nothing and answers every bad row with its column and the reason."
        ),
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
        filterset_class=None,
        pagination_class=None,
    )
    def import_applicants(self, request):
        form = AccountImportSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        organization = form.validated_data.get("organization") or selectors.own_unit(request.user)
        if organization is None:
            raise exceptions.ValidationError(
                {"organization": [_("Choose the unit the applicants work in.")]}
            )
        # A file with bad rows raises ImportRejected: a 400 naming every bad cell.
        users = services.import_applicants(
            actor=request.user, organization=organization, file=form.validated_data["file"]
        )
        result = {
            "created": len(users),
            "accounts": [
                {"id": user.pk, "username": user.username, "real_name": user.real_name}
                for user in users
            ],
        }
        return Response(result, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
        description=_("The Excel template for importing applicant accounts."),
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="import-template",
        filterset_class=None,
        pagination_class=None,
    )
    def import_template(self, request):
        return template_response()


class MeViewSet(viewsets.ViewSet):
    @extend_schema(responses=MeSerializer)
    def list(self, request):
        return Response(MeSerializer(selectors.user_with_memberships(request.user)).data)


class AuthTokenViewSet(viewsets.ViewSetMixin, ObtainAuthToken):
    """Exchange a username and password for the token to send as `Authorization: Token …`."""

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenSerializer}, auth=[])
    def create(self, request, *args, **kwargs):
        # The router maps POST to `create`, so `self.post` is this very method.
        return ObtainAuthToken.post(self, request, *args, **kwargs)


def register(router):
    """Adds this app's API viewsets to the /api/v1/ router."""
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register("accounts", AccountViewSet, basename="account")
    router.register("me", MeViewSet, basename="me")
    router.register("auth/token", AuthTokenViewSet, basename="auth-token")
