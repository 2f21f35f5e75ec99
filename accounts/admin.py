from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import permissions, services
from accounts.models import Membership, Organization, User
from accounts.security_admin import USER_SECURITY_ACTIONS
from core.encrypted_fields import WholeValueSearchAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["organization", "role", "is_active", "created_by", "created_at"]
    readonly_fields = ["organization", "role", "created_by", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # New roles go through the membership admin, which applies the role rules.
        return False


@admin.register(User)
class UserAdmin(WholeValueSearchAdmin, BaseUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Person"),
            {"fields": ("real_name", "id_type", "id_number", "phone", "email")},
        ),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "must_change_password",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "real_name",
                    "id_type",
                    "id_number",
                    "email",
                    "phone",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ["username", "real_name", "id_number", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "id_type"]
    # The ID number is encrypted (core/encrypted_fields.py): found only when typed whole.
    search_fields = ["username", "real_name", "email"]
    encrypted_search_fields = [("", User, "id_number")]
    ordering = ["username"]
    inlines = [MembershipInline]
    actions = USER_SECURITY_ACTIONS

    def save_model(self, request, obj, form, change):
        if not change and obj.has_usable_password():
            # The administrator knows the password they typed: its holder chooses their own
            # at first sign-in. (Without a password, the forgotten-password page sends the
            # activation link, which sets the first one.)
            obj.must_change_password = True
        super().save_model(request, obj, form, change)


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "credit_code", "parent", "is_active"]

    def clean(self):
        cleaned = super().clean()
        parent, kind = cleaned.get("parent"), cleaned.get("kind")
        if self.instance.pk is None and kind:
            allowed = (
                permissions.CHILD_KINDS[parent.kind]
                if parent
                else [Organization.Kind.PROVINCE_BUREAU]
            )
            if kind not in allowed:
                self.add_error("kind", _("This kind of organization cannot be created there."))
        return cleaned


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "kind", "credit_code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # Organizations never move: their path, and so everyone's jurisdiction, depends on it.
        if obj is not None:
            return [*self.readonly_fields, "parent", "kind", "credit_code"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.create_organization(
            actor=request.user,
            parent=obj.parent,
            name=obj.name,
            kind=obj.kind,
            credit_code=obj.credit_code,
        )
        obj.pk, obj.path, obj.created_at = created.pk, created.path, created.created_at
        obj._state.adding = False


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organization", "role", "is_active"]

    def clean(self):
        cleaned = super().clean()
        user, organization, role = (cleaned.get(name) for name in ("user", "organization", "role"))
        if self.instance.pk is None and user and organization and role:
            try:
                services.check_role_allowed(user=user, organization=organization, role=role)
            except ValidationError as error:
                self.add_error(None, error.messages)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "organization", "role", "is_active", "created_by", "created_at"]
    list_filter = ["role", "is_active", "organization__kind"]
    search_fields = ["user__username", "user__real_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    readonly_fields = ["created_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.readonly_fields, "user", "organization", "role"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.grant_role(
            actor=request.user, user=obj.user, organization=obj.organization, role=obj.role
        )
        obj.pk, obj.created_by, obj.created_at = created.pk, created.created_by, created.created_at
        obj._state.adding = False
