from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jobs.uploads import validate_spreadsheet
from quotas.models import PostData
from quotas.services import POST_FIGURE_FIELDS

REQUIRED_WHEN_FILED = ("approved_posts", "qualified_hired", "qualified_not_hired")


class LevelFiguresForm(forms.Form):
    """The figures of one post level. A level left wholly blank is not filed."""

    def __init__(self, *args, post_level, **kwargs):
        super().__init__(*args, **kwargs)
        self.post_level = post_level
        for name in POST_FIGURE_FIELDS:
            model_field = PostData._meta.get_field(name)
            self.fields[name] = forms.IntegerField(
                label=capfirst(model_field.verbose_name),
                min_value=0,
                max_value=1_000_000,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(name) is None for name in POST_FIGURE_FIELDS):
            return cleaned
        for name in REQUIRED_WHEN_FILED:
            if cleaned.get(name) is None:
                self.add_error(name, _("Enter this figure for a post level you file."))
        return cleaned

    def figures(self) -> dict | None:
        data = self.cleaned_data
        if all(data.get(name) is None for name in POST_FIGURE_FIELDS):
            return None
        return {name: data.get(name) or 0 for name in POST_FIGURE_FIELDS}


class ApproveForm(forms.Form):
    approve = forms.BooleanField(
        label=_("Approve the audit form with these figures"), required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Fill in the template; a file with any bad row imports nothing."),
        validators=[validate_spreadsheet],
    )


class DoubleOrientationForm(forms.Form):
    double_orientation = forms.BooleanField(
        label=_("This declaration is for a double-orientation grassroots post"), required=False
    )
