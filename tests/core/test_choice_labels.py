"""A model's `get_FOO_display` (core/choice_labels.py) says what Django's own says, for every
choice, in each language, after switching languages in the same process, and for a value
that is not a choice; `label_of` says an enum member's label the same way; the declaration
list shows the labels in the viewer's language."""

import pytest
from django.db import models
from django.utils import translation

from accounts.models import Role
from applicants.models import Declaration
from certificates.models import Certificate, Filing
from core.choice_labels import label_of
from tests.factories import DeclarationFactory


def djangos(instance, name):
    """What Django's own get_FOO_display answers."""
    return models.Model._get_FIELD_display(instance, instance._meta.get_field(name))


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Declaration, "status"),
        (Declaration, "channel"),
        (Certificate, "status"),
        (Filing, "status"),
    ],
)
def test_every_label_is_djangos_in_each_language(model, name):
    field = model._meta.get_field(name)
    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            for value, _label in field.flatchoices:
                instance = model(**{name: value})
                shown = getattr(instance, f"get_{name}_display")()
                assert shown == djangos(instance, name)
                assert isinstance(shown, str)


def test_the_languages_differ_and_a_value_not_offered_is_shown_as_it_is():
    declaration = Declaration(status=Declaration.Status.SUBMITTED)
    with translation.override("en"):
        english = declaration.get_status_display()
    with translation.override("zh-hans"):
        chinese = declaration.get_status_display()

    assert english != chinese
    assert Declaration(status="no-such-status").get_status_display() == "no-such-status"


@pytest.mark.parametrize("choices", [Declaration.Status, Role])
def test_label_of_says_each_members_label_in_each_language_and_the_default_otherwise(choices):
    for language in ("en", "zh-hans", "en"):
        with translation.override(language):
            for member in choices:
                assert label_of(choices, member.value) == str(member.label)
                assert label_of(choices, member) == str(member.label)
            assert label_of(choices, "no-such-value") is None
            assert label_of(choices, "no-such-value", "as is") == "as is"
            assert label_of(choices, ["a", "list"], "") == ""
    with translation.override("en"):
        english = label_of(Declaration.Status, "submitted")
    with translation.override("zh-hans"):
        assert label_of(Declaration.Status, "submitted") != english


def test_the_declaration_list_shows_the_status_in_the_viewers_language(client, demo):
    applicant = demo["users"]["applicant"]
    declaration = DeclarationFactory(
        plan=demo["plan"],
        applicant=applicant,
        employer=applicant.memberships.get().organization,
        status=Declaration.Status.DRAFT,
    )
    client.force_login(applicant)

    chinese = client.get("/declarations/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/declarations/").content.decode()

    with translation.override("zh-hans"):
        assert declaration.get_status_display() in chinese
    with translation.override("en"):
        assert f">{declaration.get_status_display()}</span>" in english
