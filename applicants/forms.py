"""The forms of the declaration pages. They parse what the person typed; every rule about it
(which plan, which title, the pledge, the deadline, the materials) is the services' to check."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from applicants.eligibility_periods import social_insurance_min_months
from applicants.models import (
    Achievement,
    AnnualAssessment,
    Declaration,
    FormSection,
    VillageServicePeriod,
    WorkHistoryEntry,
)
from applicants.services import FORM_FIELDS
from core import choice_fields
from core.masking import ID_NUMBER_IN_ADDRESS, looks_like_id_number
from core.widgets import InlineSelect
from titles.models import MaterialType, Specialty, TitleName
from titles.working_days import deadline_or_none


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _small_text(rows=2):
    return forms.Textarea(attrs={"rows": rows})


# --- the declaration form -----------------------------------------------------------------


class PlanChoiceField(choice_fields.ModelChoiceField):
    def label_from_instance(self, plan):
        return plan.name


class TitleChoiceField(choice_fields.ModelChoiceField):
    def label_from_instance(self, title):
        return f"{title.name_zh} · {title.series} · {title.get_level_display()}"


class SpecialtyChoiceField(choice_fields.ModelChoiceField):
    def label_from_instance(self, specialty):
        return f"{specialty.series} · {specialty.name_zh}"


DECLARATION_WIDGETS = {
    "work_started_on": DateInput(),
    "current_title_obtained_on": DateInput(),
}

# How the form's fields are grouped on the page: (legend, field names).
DECLARATION_SECTIONS = (
    (_("Title declared"), ("plan", "title", "specialty", "channel")),
    (_("Education"), ("education", "field_of_study", "skill_class")),
    (
        _("Current title and experience"),
        (
            "current_title_level",
            "current_title_name",
            "current_title_obtained_on",
            "work_started_on",
            "professional_years",
        ),
    ),
    (_("Special channels"), ("serves_at_county_or_below",)),
    (
        _("Declarations about yourself"),
        (
            "personnel_file_elsewhere",
            "is_civil_servant",
            "is_retired",
            "under_disciplinary_sanction",
        ),
    ),
)


class DeclarationForm(forms.Form):
    """The applicant's form. A new declaration chooses its plan; the title and specialty stay
    open while it is a draft; the rest can be corrected while the form is editable."""

    plan = PlanChoiceField(label=_("Evaluation plan"), queryset=None)
    title = TitleChoiceField(label=_("Title declared"), queryset=None)
    specialty = SpecialtyChoiceField(label=_("Specialty"), queryset=None)

    def __init__(self, *args, plans, declaration=None, **kwargs):
        if declaration is not None:
            kwargs.setdefault("initial", declaration_initial(declaration))
        super().__init__(*args, **kwargs)
        self.declaration = declaration
        self.fields.update(
            forms.fields_for_model(Declaration, fields=FORM_FIELDS, widgets=DECLARATION_WIDGETS)
        )
        self.fields["channel"].help_text = _(
            "Special channels change some conditions; the findings on the declaration's page say "
            "how."
        )
        self.fields["professional_years"].help_text = _("Whole years of professional work.")
        self.fields["personnel_file_elsewhere"].help_text = _(
            "Then you declare through your unit after at least %(months)s months of social "
            "insurance there: your unit states when its contributions began when it recommends "
            "you."
        ) % {"months": social_insurance_min_months()}
        if declaration is None:
            self.fields["plan"].queryset = plans
            series = plans.values("series_id")
        else:
            # The plan of a declaration never changes.
            del self.fields["plan"]
            series = [declaration.plan.series_id]
            plans = [declaration.plan]
        self.fields["title"].queryset = (
            TitleName.objects.filter(plans__in=plans, by_examination=False)
            .select_related("series")
            .distinct()
            .order_by("series__code", "level")
        )
        self.fields["specialty"].queryset = (
            Specialty.objects.filter(series_id__in=series)
            .select_related("series")
            .order_by("series__code", "code")
        )
        if declaration is not None and declaration.status != Declaration.Status.DRAFT:
            for name in ("title", "specialty"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("The title can only be changed in a draft.")

    def sections(self):
        for legend, names in DECLARATION_SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield legend, fields

    def service_fields(self) -> dict:
        """The cleaned values as the services take them."""
        data = {name: self.cleaned_data[name] for name in FORM_FIELDS}
        if self.declaration is None:
            data["plan"] = self.cleaned_data["plan"]
        if self.declaration is None or self.declaration.status == Declaration.Status.DRAFT:
            data["title"] = self.cleaned_data["title"]
            data["specialty"] = self.cleaned_data["specialty"]
        return data


def declaration_initial(declaration) -> dict:
    initial = {name: getattr(declaration, name) for name in FORM_FIELDS}
    initial["title"] = declaration.title_id
    initial["specialty"] = declaration.specialty_id
    return initial


def _row_form(name, model, fields, widgets=None, labels=None):
    attrs = forms.fields_for_model(model, fields=fields, widgets=widgets or {}, labels=labels)
    return type(name, (forms.Form,), attrs)


WorkHistoryForm = _row_form(
    "WorkHistoryForm",
    WorkHistoryEntry,
    ["started_on", "ended_on", "organization_name", "position", "duties"],
    widgets={"started_on": DateInput(), "ended_on": DateInput(), "duties": _small_text()},
)
AssessmentForm = _row_form("AssessmentForm", AnnualAssessment, ["year", "grade"])
AchievementForm = _row_form(
    "AchievementForm",
    Achievement,
    ["kind", "title", "achieved_on", "description"],
    widgets={"achieved_on": DateInput(), "description": _small_text()},
)


class RowsFormSet(forms.BaseFormSet):
    """Rows of a list on the form; the applicant ticks "remove" to take one off."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def rows(self) -> list[dict]:
        rows = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            data = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            if data:
                rows.append(data)
        return rows


def _formset(form, extra=1):
    return forms.formset_factory(
        form, formset=RowsFormSet, extra=extra, can_delete=True, can_delete_extra=False
    )


WorkHistoryFormSet = _formset(WorkHistoryForm)
AssessmentFormSet = _formset(AssessmentForm)
AchievementFormSet = _formset(AchievementForm)
VillagePeriodForm = _row_form(
    "VillagePeriodForm",
    VillageServicePeriod,
    ["village", "started_on", "ended_on"],
    widgets={"started_on": DateInput(), "ended_on": DateInput()},
)
VillagePeriodFormSet = _formset(VillagePeriodForm)

# (key the services use for the list, prefix, formset class, heading, related name)
ROW_LISTS = (
    ("work_history", "work", WorkHistoryFormSet, _("Work history"), "work_history"),
    ("assessments", "assessments", AssessmentFormSet, _("Annual assessments"), "assessments"),
    ("achievements", "achievements", AchievementFormSet, _("Achievements"), "achievements"),
    (
        "village_periods",
        "village",
        VillagePeriodFormSet,
        _("Village service (first secretaries and work-team members)"),
        "village_periods",
    ),
)
ROW_FIELDS = {
    "work_history": ["started_on", "ended_on", "organization_name", "position", "duties"],
    "village_periods": ["village", "started_on", "ended_on"],
    "assessments": ["year", "grade"],
    "achievements": ["kind", "title", "achieved_on", "description"],
}
ROW_HELP = {
    "village_periods": _(
        "Each period in a village, leaving “until” empty while you still serve there. Periods "
        "must follow one another without a day's gap: the service counts in days up to the "
        "plan's cut-off date."
    ),
}


def row_formsets(data=None, declaration=None) -> list:
    """The lists of the form, filled from the declaration when there is one."""
    formsets = []
    for key, prefix, formset_class, heading, related in ROW_LISTS:
        initial = None
        if declaration is not None:
            initial = [
                {name: getattr(row, name) for name in ROW_FIELDS[key]}
                for row in getattr(declaration, related).all()
            ]
        formset = formset_class(data, prefix=prefix, initial=initial)
        formset.key = key
        formset.heading = heading
        formset.help_text = ROW_HELP.get(key, "")
        formsets.append(formset)
    return formsets


# --- materials ----------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files chosen at once: cleans to a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class MaterialUploadForm(forms.Form):
    material_type = forms.ChoiceField(
        label=_("Type of material"), choices=[("", "---------"), *MaterialType.choices]
    )
    file = MultipleFileField(label=_("Files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said before choosing, from the limits the service applies (settings).
        self.fields["file"].help_text = _(
            "PDF, JPEG or PNG; several files of this type at once. At most %(file)s a file, "
            "%(total)s for all the materials of a declaration."
        ) % {
            "file": filesizeformat(settings.MATERIAL_MAX_FILE_BYTES),
            "total": filesizeformat(settings.MATERIAL_MAX_DECLARATION_BYTES),
        }


class MaterialReplaceForm(forms.Form):
    file = forms.FileField(
        label=_("New version"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


# --- moves --------------------------------------------------------------------------------


class ItemForm(forms.Form):
    """One problem of a return or correction notice: where in the form, and what."""

    section = forms.ChoiceField(
        label=_("Section of the form"), choices=[("", "---------"), *FormSection.choices]
    )
    problem = forms.CharField(label=_("Problem"), widget=_small_text())


class ActionForm(forms.Form):
    """The form of one move. Subclasses add the move's own fields; `items` adds the list of
    problems (a return, a correction notice)."""

    with_items = False
    items_first = False
    items_extra = 1

    def __init__(self, data=None, *, prefix, today=None, **kwargs):
        super().__init__(data, prefix=prefix, **kwargs)
        self.items = None
        self.items_errors = []
        if self.with_items:
            formset_class = forms.formset_factory(ItemForm, extra=self.items_extra)
            self.items = formset_class(data, prefix=f"{prefix}-items")
            self.items.heading = _("Problems")

    def is_valid(self):
        valid = super().is_valid()
        if self.items is not None:
            valid = self.items.is_valid() and valid
        return valid

    def service_kwargs(self) -> dict:
        kwargs = dict(self.cleaned_data)
        if self.items is not None:
            kwargs["items"] = [form.cleaned_data for form in self.items.forms if form.cleaned_data]
        return kwargs

    def add_service_error(self, error: ValidationError) -> None:
        """A service's refusal, next to the field it names, the rest above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            if field == "items" and self.items is not None:
                self.items_errors.extend(messages)
            elif field in self.fields:
                self.add_error(field, messages)
            else:
                self.add_error(None, messages)


def _reason(label):
    # The services say when a reason is missing; the form only passes it on.
    return forms.CharField(label=label, required=False, widget=_small_text(3))


class PledgeForm(ActionForm):
    pledge = forms.BooleanField(
        label=_(
            "I pledge that this declaration and all its materials are true and complete, and I "
            "accept the consequences of any falsehood, up to the revocation of the title and a "
            "ban on declaring."
        ),
        required=False,
    )


class ReasonForm(ActionForm):
    reason = _reason(label=_("Remarks (optional)"))


class WithdrawForm(ActionForm):
    reason = _reason(label=_("Why do you withdraw? (optional)"))


class NoFieldsForm(ActionForm):
    pass


def _publicity_contact_field():
    return forms.CharField(
        label=_("Contact for objections"),
        max_length=200,
        required=False,
        help_text=_(
            "A person and a phone number, or an office, that the unit's members reach to object. "
            "Left empty, the notice names the unit's HR staff."
        ),
    )


class StartPublicityForm(ActionForm):
    contact = _publicity_contact_field()

    def clean_contact(self):
        return self.cleaned_data["contact"].strip()


class RecommendForm(ActionForm):
    commitment = forms.BooleanField(
        label=_(
            "The unit has checked the materials against the originals and commits that the "
            "declaration is true."
        ),
        required=False,
    )
    social_insurance_since = forms.DateField(
        label=_("The unit's social insurance contributions for the applicant began on"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Only when the applicant's personnel file is held elsewhere: the unit certifies this "
            "date by recommending."
        ),
    )
    reason = _reason(label=_("Recommendation remarks (optional)"))


class ReturnForm(ActionForm):
    with_items = True
    reason = _reason(label=_("Reason for returning"))


class RejectForm(ActionForm):
    reason = _reason(label=_("Reason for rejecting"))


class CorrectionForm(ActionForm):
    """The one-time correction notice: every problem at once, and a deadline."""

    with_items = True
    items_first = True
    items_extra = 3
    deadline = forms.DateField(
        label=_("Correct by"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for the usual number of working days."),
    )
    reason = _reason(label=_("Remarks (optional)"))

    def __init__(self, data=None, *, prefix, today=None, **kwargs):
        super().__init__(data, prefix=prefix, **kwargs)
        if today is not None:
            self.fields["deadline"].initial = deadline_or_none(
                today, settings.CORRECTION_DEADLINE_WORKING_DAYS
            )


# --- unit publicity -----------------------------------------------------------------------


class ObjectionForm(forms.Form):
    content = forms.CharField(
        label=_("Your objection"),
        widget=_small_text(4),
        help_text=_("Say what is untrue and how you know it. The unit's HR staff investigate."),
    )


class ResolveObjectionForm(forms.Form):
    resolution = forms.CharField(
        label=_("What the investigation found"), widget=_small_text(3), required=False
    )
    upheld = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[
            ("false", _("Not upheld: the declaration stands")),
            ("true", _("Upheld: the declaration must be returned")),
        ],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        initial="false",
    )


# --- the list -----------------------------------------------------------------------------


class DeclarationFilterForm(forms.Form):
    """The list's filters, sent in the address: never a whole ID number (that search is a
    POST, kept in the session under a random key, `id_search`: applicants/list_search.py)."""

    q = forms.CharField(label=_("Name or unit"), required=False, max_length=64)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Declaration.Status.choices],
        widget=InlineSelect,
    )
    plan = PlanChoiceField(
        label=_("Plan"),
        queryset=None,
        required=False,
        empty_label=_("All"),
        widget=InlineSelect,
    )
    unit = choice_fields.ModelChoiceField(
        label=_("Declaring unit"),
        queryset=None,
        required=False,
        empty_label=_("All"),
        widget=InlineSelect,
    )
    series = choice_fields.ModelChoiceField(
        label=_("Series"), queryset=None, required=False, empty_label=_("All"), widget=InlineSelect
    )
    title = choice_fields.ModelChoiceField(
        label=_("Title declared"),
        queryset=None,
        required=False,
        empty_label=_("All"),
        widget=InlineSelect,
    )
    submitted_from = forms.DateField(label=_("Submitted from"), required=False, widget=DateInput())
    submitted_to = forms.DateField(label=_("Submitted through"), required=False, widget=DateInput())
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
    id_search = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    # Shown at once; the others sit under "More filters", open while one of them is in use.
    MAIN_FIELDS = ("q", "status", "plan")
    MORE_FIELDS = ("unit", "series", "title", "submitted_from", "submitted_to")

    def __init__(self, *args, plans, units, series, titles, offer_units=True, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["unit"].queryset = units
        self.fields["series"].queryset = series
        self.fields["title"].queryset = titles
        if not offer_units:
            # Too many to list: only the unit chosen (in an address, a saved filter) is shown.
            unit = self.fields["unit"]
            value = str(self.data.get("unit", ""))
            chosen = units.filter(pk=value) if value.isdigit() else []
            unit.widget.choices = [("", unit.empty_label), *((u.pk, str(u)) for u in chosen)]
            unit.help_text = _("Too many units to list: type the unit's name in “Name or unit”.")

    def clean_q(self):
        query = self.cleaned_data["q"].strip()
        if looks_like_id_number(query):
            raise ValidationError(ID_NUMBER_IN_ADDRESS)
        return query

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("The end of the period comes before its start."))
        return data

    def criteria(self) -> dict:
        """The valid criteria given; an invalid one is left out (and shown at its field)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name not in self.errors
        }

    def main_fields(self):
        return [self[name] for name in self.MAIN_FIELDS]

    def more_fields(self):
        return [self[name] for name in self.MORE_FIELDS]

    @property
    def more_in_use(self) -> bool:
        return any(name in self.criteria() for name in self.MORE_FIELDS)


class IdNumberListSearchForm(forms.Form):
    """A whole ID number, posted: it finds the person by its keyed digest and is never put
    in an address."""

    id_number = forms.CharField(
        label=_("ID number"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "spellcheck": "false", "autocomplete": "off"}
        ),
    )

    def clean_id_number(self):
        return "".join(self.cleaned_data["id_number"].split()).upper()


class SaveFilterForm(forms.Form):
    name = forms.CharField(label=_("Save this filter as"), max_length=64)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class BulkMoveForm(forms.Form):
    """What the person confirms for a move of many: the unit's commitment when recommending,
    and a reason kept with each declaration's record."""

    move = forms.CharField(widget=forms.HiddenInput)
    ids = forms.CharField(widget=forms.HiddenInput)
    target = forms.CharField(widget=forms.HiddenInput, required=False)
    commitment = forms.BooleanField(
        label=_(
            "The unit commits that it checked the materials of every declaration recommended "
            "here against the originals, and that they are true."
        ),
        required=False,
    )
    contact = _publicity_contact_field()
    reason = forms.CharField(
        label=_("Reason or note (optional, recorded with each declaration)"),
        required=False,
        max_length=500,
        widget=_small_text(),
    )

    def clean_ids(self):
        try:
            ids = [int(value) for value in self.cleaned_data["ids"].split(",") if value.strip()]
        except ValueError:
            raise ValidationError(_("Choose the declarations again.")) from None
        if not ids:
            raise ValidationError(_("Choose at least one declaration."))
        return list(dict.fromkeys(ids))
