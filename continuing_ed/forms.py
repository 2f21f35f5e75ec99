from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from continuing_ed.models import (
    HOURS_DECIMAL_PLACES,
    HOURS_MAX_DIGITS,
    ActivityKind,
    SubjectKind,
)
from core import choice_fields
from jobs.uploads import validate_spreadsheet

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def hours_field():
    return forms.DecimalField(
        label=_("Hours"),
        max_digits=HOURS_MAX_DIGITS,
        decimal_places=HOURS_DECIMAL_PLACES,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )


class ClaimForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990)
    activity = forms.CharField(label=_("Course or activity"), max_length=200)
    activity_kind = forms.ChoiceField(
        label=_("Activity kind"), choices=ActivityKind.choices, initial=ActivityKind.COURSE
    )
    provider_name = forms.CharField(label=_("Provider"), max_length=200, required=False)
    subject_kind = forms.ChoiceField(label=_("Subject kind"), choices=SubjectKind.choices)
    hours = hours_field()
    started_on = forms.DateField(label=_("Start date"), required=False, widget=DATE_INPUT)
    ended_on = forms.DateField(label=_("Completion date"), widget=DATE_INPUT)
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=64, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CourseForm(forms.Form):
    name = forms.CharField(label=_("Course name"), max_length=200)
    provider_name = forms.CharField(
        label=_("Provider"),
        max_length=200,
        required=False,
        help_text=_("Leave empty when your own organization provides the course."),
    )
    provider_organization = choice_fields.ModelChoiceField(
        label=_("Provided by your organization"),
        queryset=Organization.objects.none(),
        required=False,
    )
    subject_kind = forms.ChoiceField(label=_("Subject kind"), choices=SubjectKind.choices)
    hours = hours_field()
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE_INPUT)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["provider_organization"].queryset = organizations


class CompletionForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE_INPUT)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        validators=[validate_spreadsheet],
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class YearsForm(forms.Form):
    """The span of years a page shows."""

    from_year = forms.IntegerField(label=_("From"), min_value=1990, required=False)
    to_year = forms.IntegerField(label=_("To"), min_value=1990, required=False)

    def span(self, default_years=5, most=30) -> range:
        this_year = timezone.localdate().year
        data = self.cleaned_data if self.is_valid() else {}
        last = data.get("to_year") or this_year
        first = data.get("from_year") or last - default_years + 1
        first = max(min(first, last), last - most + 1)
        return range(first, last + 1)
