"""core/widgets.InlineSelect writes the same select as Django's template-drawn one, for plain
choices, groups, a model's choices with their empty label, a value chosen and none, and text
that needs escaping; the declaration list's filters use it."""

import pytest
from django import forms
from django.test.html import parse_html

from accounts.models import Organization
from applicants.forms import DeclarationFilterForm
from core import choice_fields
from core.widgets import InlineSelect
from tests.factories import OrganizationFactory

CHOICES = [
    ("", "All"),
    ("draft", "Draft <unsent>"),
    ("Stage & step", [("submitted", "Submitted"), ("returned", 'Returned "to fill"')]),
    ("filed", "Filed"),
]


def both(field: forms.Field, value) -> tuple:
    class Drawn(forms.Form):
        choice = field

    class Written(forms.Form):
        choice = field.__class__(**{**field_arguments(field), "widget": InlineSelect})

    data = {"choice": value} if value is not None else None
    return (
        parse_html(str(Drawn(data)["choice"])),
        parse_html(str(Written(data)["choice"])),
        str(Written(data)["choice"]),
    )


def field_arguments(field):
    if isinstance(field, choice_fields.ModelChoiceField):
        return {"queryset": field.queryset, "empty_label": field.empty_label, "required": False}
    return {"choices": field.choices, "required": field.required}


@pytest.mark.parametrize("value", [None, "draft", "returned", "filed", "unknown"])
def test_plain_and_grouped_choices_come_out_as_djangos(value):
    drawn, written, html = both(forms.ChoiceField(choices=CHOICES, required=False), value)

    assert written == drawn
    assert "Draft &lt;unsent&gt;" in html
    assert '<optgroup label="Stage &amp; step">' in html
    # Nothing given chooses "All"; a value not offered chooses nothing.
    assert html.count(" selected") == (0 if value == "unknown" else 1)


def test_a_required_select_keeps_its_id_and_required_attribute():
    drawn, written, html = both(forms.ChoiceField(choices=CHOICES), "filed")

    assert written == drawn
    assert 'id="id_choice"' in html and "required" in html
    assert '<option value="filed" selected>Filed</option>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [None, 1])
def test_a_models_choices_with_their_empty_label_come_out_as_djangos(chosen):
    city = OrganizationFactory(name="基准市人社局")
    units = [OrganizationFactory(parent=city, name=f"单位<{n}>") for n in range(3)]
    value = None if chosen is None else str(units[chosen].pk)
    queryset = Organization.objects.filter(parent=city).order_by("pk")

    drawn, written, html = both(
        choice_fields.ModelChoiceField(queryset=queryset, required=False, empty_label="All"), value
    )

    assert written == drawn
    assert html.count("<option") == 4
    assert "单位&lt;1&gt;" in html
    if value:
        assert f'<option value="{value}" selected>' in html


def test_the_declaration_lists_choice_filters_are_written_inline():
    form = DeclarationFilterForm(plans=None, units=None, series=None, titles=None)

    assert {
        name for name, field in form.fields.items() if isinstance(field.widget, InlineSelect)
    } == {"status", "plan", "unit", "series", "title"}
