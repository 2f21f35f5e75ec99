"""Choice fields over a queryset whose options are read in one plain query.

Django reads the options of a ModelChoiceField through `QuerySet.iterator()`. On PostgreSQL,
outside a transaction, that is a server-side cursor declared WITH HOLD: three round trips
(declare, fetch, close) instead of one, a statement that is never prepared, and rows that
PostgreSQL materializes at commit anyway, so it saves no memory either. A select's options
are few and read whole; every form of the project takes its choice fields from here (ruff's
banned-api rule in pyproject.toml says so to the next one)."""

from django import forms
from django.forms.models import ModelChoiceIterator


class ReadOnceChoiceIterator(ModelChoiceIterator):
    """The options in one query. The field's queryset keeps the rows, so that a second pass
    over the same field in the same form (the required attribute looks at the first option)
    reads nothing again; each form holds its own copy of the queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):  # noqa: TID251 - the one allowed use
    iterator = ReadOnceChoiceIterator


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # noqa: TID251
    iterator = ReadOnceChoiceIterator
