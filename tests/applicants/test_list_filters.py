"""The declaration list's filters, sort orders and pages: by name or unit, unit, series,
title, status, plan and submission dates, in combination; sortable columns with a stable
order; pages that keep the filter; the same number of queries for 3 rows as for 30."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applicants.models import Declaration
from tests.applicants.bulk_world import at_stage

S = Declaration.Status


@pytest.fixture(autouse=True)
def _english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def names(response) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)
    return re.findall(r'<a href="/declarations/\d+/">([^<]+)</a>', body.group(1)) if body else []


def listed(client, **query):
    response = client.get("/declarations/", query)
    assert response.status_code == 200
    return response


def test_filters_combine_name_unit_title_series_status_and_dates(world, client):
    early = at_stage(world, 3, S.RECOMMENDED, submitted_at=timezone.now() - timedelta(days=60))
    late = at_stage(world, 2, S.QUALIFICATION_CHECK)
    Declaration.objects.filter(pk=late[0].pk).update(title=world.intermediate)
    hospital = world.advance(world.create(applicant=world.hospital_applicant), S.RECOMMENDED)
    client.force_login(world.office)

    assert len(names(listed(client))) == 6
    assert names(listed(client, q=early[1].applicant.real_name)) == [early[1].applicant.real_name]
    unit = hospital.employer
    assert names(listed(client, unit=unit.pk)) == ["王芳"]
    assert names(listed(client, q=unit.name[:4])) == ["王芳"]
    assert names(listed(client, title=world.intermediate.pk)) == [late[0].applicant.real_name]
    assert len(names(listed(client, series=world.senior.series_id))) == 6
    assert len(names(listed(client, status=S.QUALIFICATION_CHECK))) == 2
    cut = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert len(names(listed(client, submitted_to=cut))) == 3
    assert len(names(listed(client, submitted_from=cut, status=S.RECOMMENDED))) == 1
    # A period that ends before it starts is said so and filters nothing by it.
    backwards = listed(client, submitted_from=cut, submitted_to="2000-01-01")
    assert "The end of the period comes before its start." in backwards.content.decode()


def test_columns_sort_both_ways_with_a_stable_order_and_unknown_keys_are_ignored(world, client):
    declarations = at_stage(world, 6, S.RECOMMENDED)
    client.force_login(world.office)
    by_name = sorted(d.applicant.real_name for d in declarations)

    assert names(listed(client, sort="name")) == by_name
    assert names(listed(client, sort="-name")) == by_name[::-1]
    # Equal keys keep one order from one request to the next.
    assert names(listed(client, sort="status")) == names(listed(client, sort="status"))
    html = listed(client, sort="name", status=S.RECOMMENDED).content.decode()
    assert 'aria-sort="ascending"' in html
    # The header links keep the filter and turn the order around.
    assert "?status=recommended&amp;sort=-name" in html
    injected = listed(client, sort="applicant__password")
    assert sorted(names(injected)) == by_name


def test_pages_keep_the_filter_and_the_order(world, client, monkeypatch):
    monkeypatch.setattr("applicants.list_views.PAGE_SIZE", 2)
    at_stage(world, 5, S.RECOMMENDED)
    at_stage(world, 2, S.QUALIFIED)
    client.force_login(world.office)

    first = listed(client, status=S.RECOMMENDED, sort="name")
    html = first.content.decode()
    assert "Page 1 of 3" in html
    assert 'href="?status=recommended&amp;sort=name&amp;page=2"' in html
    second = listed(client, status=S.RECOMMENDED, sort="name", page=2)
    both = names(first) + names(second)
    assert both == sorted(both)


def test_the_list_costs_the_same_queries_for_3_or_30_rows_filtered_and_sorted(world, client):
    query = {"status": S.RECOMMENDED, "series": world.senior.series_id, "sort": "-name"}
    at_stage(world, 3, S.RECOMMENDED)
    client.force_login(world.office)
    client.get("/declarations/", query)
    with CaptureQueriesContext(connection) as few:
        assert len(names(listed(client, **query))) == 3
    at_stage(world, 27, S.RECOMMENDED)
    with CaptureQueriesContext(connection) as many:
        response = listed(client, **query)
    assert len(names(response)) == 25
    assert "30 declarations" in response.content.decode()
    assert len(many) == len(few)
