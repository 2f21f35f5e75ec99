from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import PersonalDataAccess


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ErasureDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Decision note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing; the person sees it."),
    )


class AccessLogSearchForm(forms.Form):
    viewer = forms.CharField(label=_("Seen by (username)"), required=False, max_length=150)
    subject = forms.CharField(label=_("Whose data (username)"), required=False, max_length=150)
    kind = forms.ChoiceField(
        label=_("What"),
        required=False,
        choices=[("", _("Any"))] + list(PersonalDataAccess.Kind.choices),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
