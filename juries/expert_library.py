"""A jury's expert library as a list that scales: searched by name, specialty and employer,
narrowed by status, sorted by a column, and the selection bulk actions work on."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import choice_fields
from juries.models import Expert, Jury
from juries.selectors import jury_library

# Sort keys the page offers, each with the columns it orders by (ties: name, then pk).
SORTS = {
    "name": ("user__real_name",),
    "specialty": ("specialty__code",),
    "level": ("title_level",),
    "employer": ("employer__name",),
    "term": ("term_ends",),
}


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=64,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, specialty or employer")}
        ),
    )
    specialty = forms.CharField(label=_("Specialty"), required=False, max_length=64)
    organization = forms.CharField(label=_("Employer"), required=False, max_length=128)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), ("active", _("In the library")), ("left", _("Left"))],
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for name in SORTS for key in (name, f"-{name}")],
        widget=forms.HiddenInput,
    )

    def is_filtered(self) -> bool:
        return self.is_valid() and any(
            self.cleaned_data[name] for name in ("q", "specialty", "organization", "status")
        )


def _specialty_q(text: str) -> Q:
    return (
        Q(specialty__name_zh__icontains=text)
        | Q(specialty__name_en__icontains=text)
        | Q(specialty__code__iexact=text)
    )


def search_library(jury: Jury, filters: dict) -> QuerySet[Expert]:
    """The library narrowed by the filter form's cleaned data, sorted by its `sort` key."""
    experts = jury_library(jury)
    if text := filters.get("q"):
        experts = experts.filter(
            Q(user__real_name__icontains=text)
            | Q(user__username__iexact=text)
            | _specialty_q(text)
            | Q(employer__name__icontains=text)
        )
    if text := filters.get("specialty"):
        experts = experts.filter(_specialty_q(text))
    if text := filters.get("organization"):
        experts = experts.filter(employer__name__icontains=text)
    status = filters.get("status")
    if status == "active":
        experts = experts.filter(is_active=True)
    elif status == "left":
        experts = experts.filter(is_active=False)
    if sort := filters.get("sort"):
        descending = sort.startswith("-")
        columns = [f"-{c}" if descending else c for c in SORTS[sort.lstrip("-")]]
        experts = experts.order_by(*columns, "user__real_name", "pk")
    return experts


class BulkSelectionForm(forms.Form):
    """The experts ticked on the library page, limited to this jury's."""

    experts = choice_fields.ModelMultipleChoiceField(
        queryset=Expert.objects.none(),
        error_messages={"required": _("Select at least one expert.")},
    )

    def __init__(self, *args, jury: Jury, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = jury_library(jury)


class BulkRemoveForm(BulkSelectionForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)
