"""Declarations made by the dozen for the list and bulk-move tests: rows set at a stage
directly (the moves before it are tested elsewhere), for the demo enterprise whose HR staff
is `world.employer`."""

import re
from datetime import date, timedelta

from django.utils import timezone

from applicants.models import Declaration, PublicityObjection, UnitPublicity
from fixtures.demo_certificates import PublicizedResults

S = Declaration.Status


OFFICE_STAGES = (S.RECOMMENDED, S.QUALIFICATION_CHECK, S.QUALIFIED)


def at_stage(world, count, status, **fields) -> list[Declaration]:
    """`count` declarations of new people of the demo enterprise, at `status`, with the
    dates that say how far they came (which decide who sees them)."""
    now = timezone.now()
    fields.setdefault("submitted_at", now - timedelta(days=20))
    if status in OFFICE_STAGES:
        fields.setdefault("recommended_at", now - timedelta(days=5))
        fields.setdefault("forwarded_to_office_at", now - timedelta(days=5))
    results = PublicizedResults(world.loaded)
    made = Declaration.objects.bulk_create(
        Declaration(
            applicant=person,
            employer=results.employer,
            plan=world.plan,
            title=world.senior,
            specialty=world.specialty,
            status=status,
            **fields,
        )
        for person in results.people(count)
    )
    return list(Declaration.objects.filter(pk__in=[d.pk for d in made]).order_by("pk"))


def in_publicity(world, declarations, *, ended=True, objection=None) -> None:
    """A unit publicity for each: ended yesterday, or running until next week; with an
    objection left unresolved (`objection="open"`) or upheld (`"upheld"`)."""
    today = date.today()
    ends_on = today - timedelta(days=1) if ended else today + timedelta(days=7)
    publicities = UnitPublicity.objects.bulk_create(
        UnitPublicity(
            declaration=declaration,
            starts_on=ends_on - timedelta(days=7),
            ends_on=ends_on,
            working_days=5,
            started_by=world.employer,
        )
        for declaration in declarations
    )
    if objection:
        PublicityObjection.objects.bulk_create(
            PublicityObjection(
                publicity=publicity,
                raised_by=world.applicant,
                content="材料存疑",
                upheld=True if objection == "upheld" else None,
                resolution="属实" if objection == "upheld" else "",
                resolved_by=world.employer if objection == "upheld" else None,
            )
            for publicity in publicities
        )


def statuses(declarations) -> dict[int, str]:
    return dict(
        Declaration.objects.filter(pk__in=[d.pk for d in declarations]).values_list("pk", "status")
    )


def result_rows(html: str) -> dict[int, str]:
    """The results table: each declaration's id and its row's text (tags stripped)."""
    body = re.search(r'<table class="table bulk-table"[^>]*>.*?<tbody>(.*?)</tbody>', html, re.S)
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S):
        pk = int(re.search(r'href="/declarations/(\d+)/"', row).group(1))
        rows[pk] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return rows


def ids_field(html: str) -> str:
    """The preview's confirmation form's chosen ids."""
    return re.search(r'name="ids" value="([^"]*)"', html).group(1)
