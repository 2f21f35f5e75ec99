"""`get_FOO_display` from a table of labels kept per field and language. Django's own builds
a dict of every choice on each call, translating every label to hash it; a list page calls it
for every row (a declaration's status alone has 19 choices). `label_of` reads a Choices
enum's labels from the same kind of table."""

from django.utils.translation import get_language

_LABELS: dict[tuple, dict] = {}


def _table(owner, choices) -> dict:
    """{value: label} of `owner`'s choices in the current language, made once from
    `choices()` (value, label) pairs."""
    key = (owner, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {choice: str(label) for choice, label in choices()}
    return labels


class ChoiceLabels:
    """Put it before `models.Model` in a model's bases."""

    def _get_FIELD_display(self, field):  # noqa: N802 - the name Django's fields bind to
        value = getattr(self, field.attname)
        labels = _table(field, lambda: field.flatchoices)
        try:
            return labels.get(value, value)
        except TypeError:  # an unhashable value (a JSON list): Django's own way
            return super()._get_FIELD_display(field)


def label_of(choices, value, default=None):
    """The label of `value` among a Choices enum's members in the current language, `default`
    when it is none of them. `Enum(value).label if value in Enum.values` builds every choice
    twice per call; a declaration's record of decisions asks it several times per line."""
    labels = _table(choices, lambda: choices.choices)
    try:
        return labels.get(value, default)
    except TypeError:  # an unhashable value (from a JSON payload) is none of them
        return default
