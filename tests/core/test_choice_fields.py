"""core/choice_fields: a select's or a group of boxes' options over a queryset are read in one
plain query (never a server-side cursor), once per form, the same options as Django's; every
form of the project takes its queryset choice fields from there."""

import importlib
from unittest import mock

import pytest
from django import forms
from django.apps import apps
from django.db import connection
from django.forms.models import ModelChoiceField as DjangosModelChoiceField  # noqa: TID251
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

from accounts.models import Organization
from core import choice_fields
from tests.factories import OrganizationFactory

NO_SERVER_SIDE_CURSOR = mock.patch.object(
    connection, "chunked_cursor", side_effect=AssertionError("a server-side cursor was opened")
)


@pytest.fixture
def units(db):
    return [OrganizationFactory(name=f"单位{n} <{n}>") for n in range(3)]


def test_a_selects_options_are_read_in_one_plain_query(units):
    class Filter(forms.Form):
        unit = choice_fields.ModelChoiceField(
            queryset=Organization.objects.filter(pk__in=[u.pk for u in units]).order_by("pk"),
            empty_label="全部",
        )

    form = Filter(initial={"unit": units[1].pk})
    with NO_SERVER_SIDE_CURSOR, CaptureQueriesContext(connection) as queries:
        html = str(form["unit"])  # the required attribute reads the first option, then all

    assert len(queries) == 1, [q["sql"] for q in queries]
    assert html.count("<option") == 4
    assert '<option value="">全部</option>' in html
    assert f'<option value="{units[1].pk}" selected>单位1 &lt;1&gt;</option>' in html


def test_the_options_are_djangos(units):
    queryset = Organization.objects.filter(pk__in=[u.pk for u in units]).order_by("-pk")
    ours = choice_fields.ModelChoiceField(queryset=queryset, required=False)
    djangos = DjangosModelChoiceField(queryset=queryset, required=False)  # noqa: TID251

    assert [(str(v), str(label)) for v, label in ours.choices] == [
        (str(v), str(label)) for v, label in djangos.choices
    ]
    assert len(ours.choices) == 4


def test_boxes_of_a_multiple_choice_are_read_in_one_query_and_each_form_reads_its_own(units):
    class Pick(forms.Form):
        chosen = choice_fields.ModelMultipleChoiceField(
            queryset=Organization.objects.filter(pk__in=[u.pk for u in units]).order_by("pk"),
            widget=forms.CheckboxSelectMultiple,
        )

    with NO_SERVER_SIDE_CURSOR, CaptureQueriesContext(connection) as first:
        html = str(Pick()["chosen"])
    assert len(first) == 1
    assert html.count('type="checkbox"') == 3

    OrganizationFactory(name="新单位")  # not in the queryset: the next form still reads afresh
    Organization.objects.filter(pk=units[0].pk).update(name="改名单位")
    with CaptureQueriesContext(connection) as second:
        html = str(Pick()["chosen"])
    assert len(second) == 1
    assert "改名单位" in html


def test_a_chosen_value_is_still_checked_against_the_database(units):
    class Filter(forms.Form):
        unit = choice_fields.ModelChoiceField(
            queryset=Organization.objects.filter(pk__in=[u.pk for u in units[:2]])
        )

    assert Filter(data={"unit": units[0].pk}).is_valid()
    assert not Filter(data={"unit": units[2].pk}).is_valid()


def test_every_form_of_the_project_reads_its_choices_in_one_query():
    project_apps = [
        config.name
        for config in apps.get_app_configs()
        if not config.module.__file__.count("site-packages")
    ]
    get_resolver().url_patterns  # noqa: B018 - imports every view module and its forms
    for name in project_apps:
        try:
            importlib.import_module(f"{name}.forms")
        except ModuleNotFoundError:
            continue

    def every_form(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every_form(sub)

    checked = 0
    for form in set(every_form(forms.BaseForm)):
        if form.__module__.split(".")[0] not in project_apps:
            continue
        for field_name, field in form.declared_fields.items():
            if isinstance(field, DjangosModelChoiceField):
                checked += 1
                assert isinstance(field.iterator(field), choice_fields.ReadOnceChoiceIterator), (
                    f"{form.__module__}.{form.__name__}.{field_name}"
                )
    assert checked > 20
