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


class EveryKindOfField(forms.Form):
    required_css_class = "required"

    name = forms.CharField(label="Name <b>", help_text="<em>as on the ID card</em>")
    year = forms.IntegerField(required=False, label="Year?")
    unlabelled = forms.CharField(required=False, label="")
    kind = forms.ChoiceField(
        choices=[("a", "A"), ("b", 'B "<&>"')],
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Name or unit"),
    )
    kinds = forms.MultipleChoiceField(
        required=False, choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
    )
    with_id = forms.CharField(required=False, widget=forms.TextInput(attrs={"id": "own-id"}))
    secret = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError(["Whole form <wrong>", "Second"])


BOUND = [
    None,
    {},
    {"name": "张伟", "year": "x", "kind": "c", "kinds": ["a"], "secret": "s"},
    {"name": "<script>", "year": "2026", "kind": "a"},
]


@pytest.mark.parametrize("data", BOUND, ids=["unbound", "empty", "wrong", "valid"])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_each_field_s_group_label_and_errors_are_written_as_django_writes_them(data, auto_id):
    def groups(renderer):
        form = EveryKindOfField(data, auto_id=auto_id, renderer=renderer)
        parts = [str(field.as_field_group()) for field in form]
        parts += [str(field.label_tag()) for field in form]
        parts += [str(field.legend_tag(attrs={"class": "x"})) for field in form]
        parts += [str(field.errors) for field in form]
        parts += [str(form.non_field_errors()), str(form)]
        return parts

    with override("zh-hans"):
        ours, django = groups(OURS), groups(DJANGO)
    assert ours == django
    if data and "year" in data and data["year"] == "x":
        # The case that matters is really written: errors with their field's id.
        assert any('<ul class="errorlist" id="id_year_error">' in part for part in ours) == (
            auto_id is not False
        )


def test_an_error_list_is_written_as_django_writes_it():
    from django.forms.utils import ErrorList

    for errors, field_id in (([], None), (["one", '<two> & "3"'], None), (["x"], "id_f")):
        for error_class in (None, "nonfield", 'a "b"'):
            ours = ErrorList(errors, error_class=error_class, renderer=OURS)
            django = ErrorList(errors, error_class=error_class, renderer=DJANGO)
            ours.field_id = django.field_id = field_id
            assert str(ours) == str(django)
    assert str(ErrorList([], renderer=OURS)) == ""


def test_the_declaration_form_with_its_errors_is_the_same_page(demo):
    declaration = World(demo).create(materials=False)

    def page(renderer):
        form = declaration_forms.DeclarationForm(
            {"education": "none-such"}, plans=None, declaration=declaration, renderer=renderer
        )
        form.is_valid()
        return [str(field.as_field_group()) for field in form]

    with override("zh-hans"):
        ours, django = page(OURS), page(DJANGO)
    assert any("errorlist" in part for part in ours)
    assert ours == django
