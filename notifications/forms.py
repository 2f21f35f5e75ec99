from django import forms
from django.utils.translation import gettext_lazy as _


class EmailPreferenceForm(forms.Form):
    email_notifications = forms.BooleanField(
        label=_("Also e-mail my messages to me"),
        required=False,
        help_text=_("Every message stays here in any case."),
    )
