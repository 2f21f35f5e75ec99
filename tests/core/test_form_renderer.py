"""Every form is rendered by core/form_renderer.FormRenderer (settings.FORM_RENDERER): the
plain inputs, textareas and selects it writes itself come out exactly as Django's templates
write them, for every kind of value, choice and attribute, and everything else is still
Django's templates; the declaration's form, with its rows, is the same page either way."""

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from applicants import forms as declaration_forms
from core.form_renderer import INPUT_TEMPLATES, FormRenderer
from tests.applicants.conftest import World

DJANGO = DjangoTemplates()
OURS = FormRenderer()

VALUES = [
    None,
    "",
    "plain",
    "a \"quoted\" <b>&amp;</b> 'x'",
    0,
    12.5,
    mark_safe("<i>safe</i>"),
    ("a", 1),
]
ATTRS = [
    {},
    {"required": True, "disabled": False, "id": "id_x", "class": "a b"},
    {"placeholder": gettext_lazy("Name or unit"), "maxlength": 150, "data-x": '"<&>"'},
    {"aria-describedby": mark_safe("id_x_helptext"), "step": "any", "autofocus": True},
]
WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.FileInput,
    forms.CheckboxInput,
    forms.Textarea,
]


def test_the_project_renders_forms_with_it():
    assert settings.FORM_RENDERER == "core.form_renderer.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)


@pytest.mark.parametrize("widget_class", WIDGETS, ids=lambda w: w.__name__)
def test_each_plain_widget_is_written_as_django_writes_it(widget_class):
    for value in VALUES:
        for attrs in ATTRS:
            widget = widget_class(attrs=attrs)
            with override("zh-hans"):
                ours = widget.render("field", value, renderer=OURS)
                django = widget.render("field", value, renderer=DJANGO)
            assert ours == django, (widget_class.__name__, value, attrs)


CHOICES = [
    ("", "---------"),
    (1, "one"),
    ("2", 'two "<&>"'),
    ("3", gettext_lazy("Name or unit")),
    ("group", [("g1", "inside"), (4, mark_safe("<b>safe</b>"))]),
    (gettext_lazy("Language"), [("g2", "other")]),
]


@pytest.mark.parametrize(
    "widget_class", [forms.Select, forms.SelectMultiple], ids=lambda w: w.__name__
)
def test_a_select_is_written_as_django_writes_it(widget_class):
    for value in [None, "", 1, "2", ["2", "g1"], 4, "absent"]:
        for attrs in ATTRS:
            widget = widget_class(attrs=attrs, choices=CHOICES)
            with override("zh-hans"):
                ours = widget.render("field", value, renderer=OURS)
                django = widget.render("field", value, renderer=DJANGO)
            assert ours == django, (widget_class.__name__, value, attrs)
    widget = forms.NullBooleanSelect()
    for value in (None, True, False, "unknown"):
        assert widget.render("f", value, renderer=OURS) == widget.render(
            "f", value, renderer=DJANGO
        )


def test_a_select_whose_options_have_their_own_template_is_left_to_it():
    class Marked(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    widget = Marked(choices=[("1", "one")])
    assert widget.render("f", "1", renderer=OURS) == widget.render("f", "1", renderer=DJANGO)


def test_the_templates_it_writes_are_those_that_only_include_the_input():
    for name in INPUT_TEMPLATES:
        if name.endswith("/input.html"):
            continue
        source = DJANGO.get_template(name).template.source
        assert source.strip() == '{% include "django/forms/widgets/input.html" %}', name


def test_other_widgets_still_come_from_django_s_templates():
    choices = [("1", "one"), ("2", "two")]
    for widget in (
        forms.RadioSelect(choices=choices),
        forms.CheckboxSelectMultiple(choices=choices),
        forms.ClearableFileInput(),
        forms.SelectDateWidget(years=[2026]),
    ):
        assert widget.render("f", None, renderer=OURS) == widget.render("f", None, renderer=DJANGO)


def test_the_declaration_form_with_its_rows_is_the_same_page(demo):
    declaration = World(demo).create(materials=False)

    def page(renderer):
        form = declaration_forms.DeclarationForm(
            None, plans=None, declaration=declaration, renderer=renderer
        )
        formsets = declaration_forms.row_formsets(None, declaration)
        parts = [str(field.as_field_group()) for field in form]
        for formset in formsets:
            formset.renderer = renderer
            for row in [*formset.forms, formset.empty_form]:
                row.renderer = renderer
                parts += [str(field) for field in row]
            parts.append(str(formset.management_form))
        return parts

    with override("zh-hans"):
        ours, django = page(OURS), page(DJANGO)
    assert len(ours) > 40
    assert ours == django
