from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import choice_fields
from jobs.uploads import validate_spreadsheet
from titles.models import EvaluationPlan, Series, TitleName
from titles.selectors import plan_organizers_for

# The plan's jury is a model of the juries app, reached through the plan, not imported.
JURY = EvaluationPlan.jury.field.related_model


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TitleChoiceField(choice_fields.ModelMultipleChoiceField):
    def label_from_instance(self, title):
        return f"{title.series} · {title.get_level_display()} · {title.name_zh}"


class PlanForm(forms.Form):
    """A bureau's plan. Only the titles a jury evaluates are offered; the service checks the
    rest (series, levels, the jury's term, the dates)."""

    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=128)
    year = forms.IntegerField(label=_("Plan year"), min_value=2000, max_value=2100)
    organizer = choice_fields.ModelChoiceField(label=_("Organizing body"), queryset=None)
    series = choice_fields.ModelChoiceField(label=_("Series"), queryset=Series.objects.all())
    titles = TitleChoiceField(
        label=_("Titles"),
        queryset=TitleName.objects.filter(by_examination=False).select_related("series"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Titles obtained by examination (以考代评) are never evaluated."),
    )
    jury = choice_fields.ModelChoiceField(
        label=_("Jury"),
        queryset=JURY.objects.select_related("series").order_by("name"),
        required=False,
        help_text=_("Required before the plan opens."),
    )
    declaration_opens = forms.DateField(label=_("Declarations open"), widget=DateInput())
    declaration_closes = forms.DateField(label=_("Declarations close"), widget=DateInput())
    unit_recommendation_deadline = forms.DateField(
        label=_("Unit recommendation deadline"), widget=DateInput()
    )
    qualification_check_deadline = forms.DateField(
        label=_("Qualification check deadline"), widget=DateInput()
    )
    achievement_cutoff = forms.DateField(
        label=_("Achievement cut-off date"),
        widget=DateInput(),
        help_text=_("Achievements dated after this day do not count."),
    )
    unit_publicity_working_days = forms.IntegerField(
        label=_("Unit publicity (working days)"), min_value=1
    )
    result_publicity_working_days = forms.IntegerField(
        label=_("Result publicity (working days)"), min_value=1
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = plan_organizers_for(actor).order_by("path")
        self.fields["unit_publicity_working_days"].initial = settings.UNIT_PUBLICITY_WORKING_DAYS
        self.fields[
            "result_publicity_working_days"
        ].initial = settings.RESULT_PUBLICITY_WORKING_DAYS


# --- the working-day calendar ---------------------------------------------------------------


class CalendarDayForm(forms.Form):
    """One date of a year's holiday notice."""

    HOLIDAY, WORKING_DAY = "holiday", "working_day"

    day = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Counts as"),
        choices=[(HOLIDAY, _("Holiday")), (WORKING_DAY, _("Make-up working day"))],
        widget=forms.RadioSelect,
        initial=HOLIDAY,
    )
    name = forms.CharField(
        label=_("Occasion"),
        max_length=64,
        required=False,
        help_text=_("The holiday's name, e.g. 国庆节."),
    )

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day.year != self.year:
            raise forms.ValidationError(
                _("Enter a date in %(year)s on this page.") % {"year": self.year}
            )
        return day

    def service_arguments(self) -> dict:
        return {
            "day": self.cleaned_data["day"],
            "is_working_day": self.cleaned_data["kind"] == self.WORKING_DAY,
            "name": self.cleaned_data["name"],
        }


class CalendarYearForm(forms.Form):
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("The State Council notice the days were taken from, e.g. its number."),
    )


class CalendarImportForm(CalendarYearForm):
    field_order = ["file", "source"]

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        validators=[validate_spreadsheet],
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
