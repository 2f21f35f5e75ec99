"""The audit-log screen's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.services import GENERAL_CHAIN, plan_chain

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditLogFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("Username or part of the real name of whoever decided."),
    )
    declaration = forms.IntegerField(label=_("Declaration number"), required=False, min_value=1)
    action = forms.ChoiceField(label=_("Action"), required=False)
    plan = forms.IntegerField(
        label=_("Evaluation plan number"),
        required=False,
        min_value=0,
        help_text=_("0 for the decisions that belong to no plan."),
    )
    since = forms.DateField(label=_("From date"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=_("To date"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, actions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any")), *actions]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def search(self) -> dict:
        """The keywords of `audit_log_for` the valid filters give."""
        data = self.cleaned_data
        plan = data.get("plan")
        return {
            "actor": data.get("actor", ""),
            "declaration": data.get("declaration"),
            "action": data.get("action", ""),
            "chain": None if plan is None else (GENERAL_CHAIN if plan == 0 else plan_chain(plan)),
            "since": data.get("since"),
            "until": data.get("until"),
        }
