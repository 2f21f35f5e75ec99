"""The renderer of every form (settings.FORM_RENDERER): Django's own form templates, except for
the plain widgets, an <input> of any type, a <textarea> and a <select>, and the parts around
every field, its group (label, help, errors, widget), its label and its list of errors, which
are written here in exactly the HTML their templates give (tests/core/test_form_renderer.py).
Each of those is a template of its own with an included one for its attributes, and a select
one more per option; a declaration's form, with its rows of work history, assessments and
achievements, has about seventy widgets and as many lists of errors, nearly all empty.
(core/widgets.InlineSelect goes further for a select of hundreds of options: it skips the
option dictionaries Django builds before any template.)"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# The widget templates that are only django/forms/widgets/input.html.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "tel",
        "search",
        "password",
        "hidden",
        "checkbox",
        "date",
        "datetime",
        "time",
        "color",
        "file",
    )
)
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"
FIELD_TEMPLATE = "django/forms/field.html"
LABEL_TEMPLATE = "django/forms/label.html"
ERROR_LIST_TEMPLATES = frozenset(
    ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")
)
# `{{ value }}` as a template shows it (localized, escaped), for the labels of options.
SHOWN = Context(autoescape=True)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` under autoescaping: what was marked safe stays as it is."""
    return value if isinstance(value, SafeData) else conditional_escape(str(value))


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget) -> str:
    value = widget["value"]
    text = conditional_escape(str(value)) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{text}</textarea>"
    )


def _select(widget) -> str | None:
    """None when an option has a template of its own (a widget of the project's)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, SHOWN)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                # The option's template ends with a line break, which Django's select keeps.
                f"{render_value_in_context(option['label'], SHOWN)}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _shown(value) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, SHOWN)


def _field_group(field) -> str:
    """django/forms/field.html."""
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{_shown(described)}"' if described else ""
        heading = f"\n  <fieldset{described}>\n  {field.legend_tag() if field.label else ''}\n"
    else:
        heading = f"\n  {field.label_tag() if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        help_id = f' id="{_shown(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{help_id}>{field.help_text}</div>'
    closing = "</fieldset>" if field.use_fieldset else ""
    # Django's renderer strips what a template writes.
    return f"{heading}\n{help_text}\n{field.errors}\n{field}{closing}".strip()


def _label(context) -> str:
    """django/forms/label.html."""
    if not context["use_tag"]:
        return _shown(context["label"])
    tag = _shown(context["tag"])
    attrs = _attrs(context["attrs"]) if context["attrs"] else ""
    return f"<{tag}{attrs}>{_shown(context['label'])}</{tag}>"


def _error_list(errors, error_class) -> str:
    """django/forms/errors/list/ul.html, which default.html includes."""
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    shown_id = f' id="{_shown(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_shown(error)}</li>" for error in errors)
    return f'<ul class="{_shown(error_class)}"{shown_id}>{items}</ul>'


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        # Each part of the HTML below was escaped (or was already safe) where it was written.
        if template_name in INPUT_TEMPLATES:
            return mark_safe(_input(context["widget"]))  # noqa: S308
        if template_name == TEXTAREA_TEMPLATE:
            return mark_safe(_textarea(context["widget"]))  # noqa: S308
        if template_name == SELECT_TEMPLATE:
            written = _select(context["widget"])
            if written is not None:
                return mark_safe(written)  # noqa: S308
        if template_name in ERROR_LIST_TEMPLATES:
            return mark_safe(_error_list(context["errors"], context["error_class"]))  # noqa: S308
        if template_name == LABEL_TEMPLATE:
            return mark_safe(_label(context))  # noqa: S308
        if template_name == FIELD_TEMPLATE:
            return mark_safe(_field_group(context["field"]))  # noqa: S308
        return super().render(template_name, context, request=request)
