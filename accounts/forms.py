from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import permissions, selectors, services
from accounts.models import IdType, Organization, Role
from core import choice_fields
from jobs.uploads import validate_spreadsheet


class OrganizationForm(forms.Form):
    parent = choice_fields.ModelChoiceField(
        label=_("Under"), queryset=Organization.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Organization.Kind.choices)
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=128)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        help_text=_("18 characters, as on the business licence or registration certificate."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = selectors.organizations_for_new_children(actor)
        self.fields["kind"].choices = [("", "---------")] + [
            (kind, Organization.Kind(kind).label)
            for kind in permissions.creatable_kinds_anywhere(actor)
        ]


class AccountForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    real_name = forms.CharField(label=_("Real name"), max_length=64)
    id_type = forms.ChoiceField(
        label=_("ID document type"), choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(
        label=_("ID document number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The activation link is sent to this address.")
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        help_text=_("Optional: the ID document number is the username when left empty."),
    )

    def __init__(self, *args, role_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices


class ApplicantForm(AccountForm):
    """An applicant account in the employer's own unit: the role is not a choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, role_choices=[(Role.APPLICANT, Role.APPLICANT.label)], **kwargs)
        del self.fields["role"]
        self.fields["id_number"].required = True


class ApplicantImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template"),
        help_text=_("An Excel workbook (.xlsx) made from the template above."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        validators=[validate_spreadsheet],
    )


class ActivationForm(SetPasswordForm):
    """The first password of an account someone else created."""

    def save(self, commit=True):
        return services.activate_account(
            user=self.user, password=self.cleaned_data["new_password1"]
        )


class IdNumberSearchForm(forms.Form):
    """Find people by a whole ID document number. Always sent by POST, so that the number
    never lands in an address, the browser's history or a server log."""

    id_number = forms.CharField(
        label=_("ID document number"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "spellcheck": "false", "autocomplete": "off"}
        ),
        help_text=_("The whole number; it is not put in the page's address."),
    )

    def clean_id_number(self):
        return "".join(self.cleaned_data["id_number"].split()).upper()
