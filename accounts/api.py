"""Organizations and accounts over the API, scoped like the management pages: a caller sees
and creates only below the organizations they manage; anything else answers 404."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import second_factor, selectors, services, tokens
from accounts.models import Membership, Organization, Role, User
from accounts.serializers import (
    AccountCreateSerializer,
    AccountIdSearchSerializer,
    AccountImportResultSerializer,
    AccountImportSerializer,
    AccountSerializer,
    ApiTokenSerializer,
    MeSerializer,
    OrganizationCreateSerializer,
    OrganizationSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from accounts.sign_in_throttle import lockout_message
from accounts.views import template_response
from core.masking import ID_NUMBER_IN_ADDRESS, looks_like_id_number
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
        method="filter_nothing",
        help_text=_(
            "Part of the name or username. An ID number is never sent in the address: "
            "POST it to /api/v1/accounts/search/."
        ),
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
            if looks_like_id_number(text):
                raise exceptions.ValidationError({"q": [str(ID_NUMBER_IN_ADDRESS)]})
            queryset = queryset.filter(Q(real_name__icontains=text) | Q(username__icontains=text))
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

    @extend_schema(request=AccountIdSearchSerializer, responses={200: AccountSerializer(many=True)})
    @action(detail=False, methods=["post"], filterset_class=None)
    def search(self, request):
        """The accounts you see whose ID document number is this whole number: sent in the
        body, never in the address. The number in the answer is masked, as in the list."""
        form = AccountIdSearchSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        found = self.get_queryset().filter(
            pk__in=selectors.users_with_id_number(form.validated_data["id_number"]).values("pk")
        )
        page = self.paginate_queryset(found)
        serializer = AccountSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

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


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


class AuthTokenViewSet(viewsets.ViewSet):
    """Exchange a username and password (and the second factor's code, for accounts that have
    one) for a token to send as `Authorization: Token …`. The token expires after
    API_TOKEN_HOURS and dies when its owner signs out or changes their password."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Wrong credentials or second-factor code."),
            403: OpenApiResponse(description="A second factor is required but not set up."),
            429: OpenApiResponse(description="Too many failed sign-ins: locked out for a time."),
        },
        auth=[],
    )
    def create(self, request):
        form = TokenRequestSerializer(data=request.data, context={"request": request})
        if not form.is_valid():
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(lockout_message(request))
            raise exceptions.ValidationError(form.errors)
        user = form.validated_data["user"]
        if second_factor.is_enrolled(user):
            code = form.validated_data.get("otp_token", "")
            if not code:
                raise exceptions.ValidationError(
                    {"otp_token": [_("This account has a second factor: send its current code.")]}
                )
            wait = second_factor.seconds_until_next_try(user)
            if second_factor.check_code(user=user, code=code, request=request) is None:
                raise exceptions.ValidationError(
                    {"otp_token": [second_factor.refusal_message(wait)]}
                )
        elif second_factor.is_required(user):
            raise exceptions.PermissionDenied(
                _(
                    "Your role requires a second factor. Sign in on the web once to set it up, "
                    "then ask for a token with its code."
                )
            )
        instance, token = tokens.create_token(user=user, request=request)
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data)


class ApiTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own API tokens (only their first characters: the tokens themselves are not
    kept); DELETE revokes one."""

    serializer_class = ApiTokenSerializer
    lookup_field = "token_key"
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuthToken.objects.none()
        return AuthToken.objects.filter(user=self.request.user).order_by("-created")

    @extend_schema(responses={204: None})
    def destroy(self, request, token_key=None):
        if not tokens.revoke_token(user=request.user, token_key=token_key, request=request):
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router):
    """Adds this app's API viewsets to the /api/v1/ router."""
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register("accounts", AccountViewSet, basename="account")
    router.register("me", MeViewSet, basename="me")
    router.register("auth/token", AuthTokenViewSet, basename="auth-token")
    router.register("auth/tokens", ApiTokenViewSet, basename="api-token")
