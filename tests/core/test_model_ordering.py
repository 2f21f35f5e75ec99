"""A model's default ordering never names a relation whose model has an ordering of its own:
Django then orders by that model's ordering, which joins its table into every query of the
model, the prefetches of a page included (a declaration's assessments cost twice as much
when they joined the declaration). Rows grouped under a parent order by the parent's id
(`declaration_id`); a relation's own order is named through it (`series__code`) when a list
is shown in that order."""

from django.apps import apps
from django.db import models

# Shown in the related model's order on purpose: by institution, series or title as their
# lists are, experts by jury and specialty, scores by seat and recusals by expert as a
# meeting's tables show them.
ORDERED_BY_RELATED_MODEL = {
    ("quotas", "postdata", "institution"),
    ("quotas", "quota", "institution"),
    ("continuing_ed", "examvalidity", "series"),
    ("titles", "evaluationcondition", "title"),
    ("juries", "expert", "jury"),
    ("juries", "expert", "specialty"),
    ("juries", "assessment", "seat"),
    ("juries", "recusal", "expert"),
}


def orderings_that_join():
    found = []
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in {
            config.name for config in apps.get_app_configs() if "site-packages" not in config.path
        }:
            continue
        for entry in model._meta.ordering:
            if not isinstance(entry, str):
                continue
            name = entry.lstrip("-")
            if "__" in name or name in ("pk", "?"):
                continue
            field = model._meta.get_field(name)
            if (
                isinstance(field, models.ForeignKey)
                and name != field.attname
                and field.related_model._meta.ordering
            ):
                found.append((model._meta.app_label, model._meta.model_name, name))
    return found


def test_no_default_ordering_joins_a_related_table_by_accident():
    assert set(orderings_that_join()) == ORDERED_BY_RELATED_MODEL


def test_the_check_finds_an_ordering_by_a_relation_s_name():
    """The check itself: the ordering the declaration's rows had is found."""
    from applicants.models import AnnualAssessment

    options = AnnualAssessment._meta
    kept = options.ordering
    options.ordering = ["declaration", "-year"]
    try:
        assert ("applicants", "annualassessment", "declaration") in orderings_that_join()
    finally:
        options.ordering = kept
