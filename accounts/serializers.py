from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from accounts import selectors
from accounts.models import IdType, Membership, Organization, Role, User
from core.masking import MaskedIdNumberField, MaskedPhoneField, MaskedUsernameField


@extend_schema_field(OpenApiTypes.INT)
class VisibleOrganizationField(serializers.PrimaryKeyRelatedField):
    """An organization id, looked up only among those the caller sees: a stranger's id is
    answered exactly like one that does not exist."""

    def get_queryset(self):
        return selectors.visible_organizations(self.context["request"].user)


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)
    depth = serializers.IntegerField(read_only=True, help_text=_("0 for a top-level bureau."))

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "credit_code",
            "parent",
            "parent_name",
            "depth",
            "is_active",
            "created_at",
        ]
        read_only_fields = fields


class OrganizationCreateSerializer(serializers.Serializer):
    parent = VisibleOrganizationField(help_text=_("The organization to create the new one under."))
    name = serializers.CharField(max_length=128)
    kind = serializers.ChoiceField(choices=Organization.Kind.choices)
    credit_code = serializers.CharField(max_length=18)


class MembershipSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "organization_name", "role", "role_display", "is_active"]
        read_only_fields = fields


class AccountSerializer(serializers.ModelSerializer):
    id_type_display = serializers.CharField(source="get_id_type_display", read_only=True)
    # Masked for everyone but the person themself: a list of accounts is no place for them.
    username = MaskedUsernameField(help_text=_("Masked when it is the person's ID number."))
    id_number = MaskedIdNumberField(help_text=_("Masked: 630***********2004."))
    phone = MaskedPhoneField(help_text=_("Masked: 139****1234."))
    activated = serializers.BooleanField(
        source="has_usable_password",
        read_only=True,
        help_text=_("False until the person has set a password through the activation link."),
    )
    memberships = MembershipSerializer(
        source="visible_memberships",
        many=True,
        read_only=True,
        help_text=_("The person's roles in the organizations you manage."),
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "real_name",
            "id_type",
            "id_type_display",
            "id_number",
            "phone",
            "email",
            "is_active",
            "activated",
            "date_joined",
            "memberships",
        ]
        read_only_fields = fields


class AccountIdSearchSerializer(serializers.Serializer):
    id_number = serializers.CharField(
        max_length=32, help_text=_("The whole ID document number to look for.")
    )


class AccountCreateSerializer(serializers.Serializer):
    organization = VisibleOrganizationField()
    role = serializers.ChoiceField(choices=Role.choices)
    real_name = serializers.CharField(max_length=64)
    id_type = serializers.ChoiceField(choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(
        help_text=_("The activation link is sent to this address."),
    )
    username = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Defaults to the ID document number."),
    )


@extend_schema_serializer(many=False)
class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "real_name",
            "id_type",
            "id_number",
            "phone",
            "email",
            "must_change_password",
            "memberships",
        ]
        read_only_fields = fields


class AccountImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The filled-in import template (.xlsx)."))
    organization = VisibleOrganizationField(
        required=False,
        help_text=_("The unit the applicants work in; defaults to your own unit."),
    )


class AccountImportCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    real_name = serializers.CharField()


class AccountImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    accounts = AccountImportCreatedSerializer(many=True)


class TokenRequestSerializer(serializers.Serializer):
    """Checks the username and password through Django's authenticate(), which django-axes
    watches: failures are counted and a locked-out account or address is refused."""

    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "The current six-digit code of the second factor (or a backup code), for accounts "
            "that have one."
        ),
    )

    def validate(self, attrs):
        user = authenticate(
            request=self.context["request"],
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                _("Unable to sign in with the username and password given."), code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as `Authorization: Token <token>`."))
    expiry = serializers.DateTimeField()


class ApiTokenSerializer(serializers.Serializer):
    token_key = serializers.CharField(help_text=_("The first characters of the token."))
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()


class RevealedIdNumberSerializer(serializers.Serializer):
    """A person's whole ID document number, answered by an explicit, recorded reveal."""

    person = serializers.IntegerField(help_text=_("The account the number belongs to."))
    id_type = serializers.CharField()
    id_type_display = serializers.CharField()
    id_number = serializers.CharField()


def revealed_id_number(user) -> dict:
    return RevealedIdNumberSerializer(
        {
            "person": user.pk,
            "id_type": user.id_type,
            "id_type_display": user.get_id_type_display(),
            "id_number": user.id_number,
        }
    ).data
