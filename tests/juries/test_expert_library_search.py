"""The expert library is a list that scales: searched by name, specialty, employer and status,
sorted by a column, a page at a time, in a flat number of queries; the office removes many
experts at once through a preview, a reason and a page of per-item results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from juries.expert_library import search_library
from juries.models import Expert
from tests.juries.conftest import JuryWorld


@pytest.fixture
def world(demo, monkeypatch):
    return JuryWorld(demo, monkeypatch)


def library(client, world, **query):
    client.cookies["django_language"] = "en"
    client.force_login(world.office)
    return client.get(f"/juries/juries/{world.jury.pk}/", query)


def test_search_by_name_specialty_employer_and_status(world, client):
    [one] = world.add_experts(1)
    world.add_experts(2, specialty=world.elec, employer=world.unit)
    page = library(client, world, q=one.user.real_name).content.decode()
    assert one.user.real_name in page
    assert "1 expert" in page

    page = library(client, world, specialty=world.elec.name_zh, organization=world.unit.name)
    assert page.context["page"].paginator.count == 2
    assert all(e.specialty_id == world.elec.pk for e in page.context["page"])

    Expert.objects.filter(pk=one.pk).update(is_active=False)
    left = library(client, world, status="left").context["page"]
    assert [e.pk for e in left] == [one.pk]


def test_sorted_by_a_column_both_ways(world, client):
    world.add_experts(3)
    everyone = list(search_library(world.jury, {"sort": "name"}))
    ascending = library(client, world, sort="name").context["page"]
    descending = library(client, world, sort="-name").context["page"]
    assert [e.pk for e in ascending] == [e.pk for e in everyone[:25]]
    assert [e.pk for e in descending] == [e.pk for e in reversed(everyone)][:25]
    assert 'aria-sort="descending"' in library(client, world, sort="-name").content.decode()


def test_paginated_in_a_flat_number_of_queries(world, client):
    library(client, world)  # warm sessions and caches
    with CaptureQueriesContext(connection) as few:
        library(client, world)
    world.add_experts(40)
    with CaptureQueriesContext(connection) as many:
        response = library(client, world)
    assert len(response.context["page"]) == 25
    assert response.context["page"].paginator.num_pages >= 2
    assert len(many) == len(few)
    assert 'name="experts"' in response.content.decode()
    assert "remove/" not in response.content.decode()  # no form per row any more


def test_bulk_removal_previews_then_reports_each_expert(world, client):
    first, second = world.add_experts(2)
    Expert.objects.filter(pk=second.pk).update(is_active=False)
    client.force_login(world.office)
    url = f"/juries/juries/{world.jury.pk}/experts/bulk/"

    preview = client.post(url, {"experts": [first.pk, second.pk]})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Leaves the library" in text and "Has already left: nothing to do" in text
    assert Expert.objects.get(pk=first.pk).is_active  # nothing changes before confirming

    no_reason = client.post(url, {"experts": [first.pk], "step": "confirm", "reason": ""})
    assert no_reason.status_code == 400
    assert Expert.objects.get(pk=first.pk).is_active

    done = client.post(
        url, {"experts": [first.pk, second.pk], "step": "confirm", "reason": "违反评审纪律"}
    )
    assert done.status_code == 200
    results = {r.item.pk: r for r in done.context["results"]}
    assert results[first.pk].done, results[first.pk].message
    assert not results[second.pk].done
    assert "1 removed, 1 not changed." in done.content.decode()
    assert not Expert.objects.get(pk=first.pk).is_active


def test_all_matching_experts_are_selected_by_the_search(world, client):
    world.add_experts(2, specialty=world.elec)
    client.force_login(world.office)
    preview = client.post(
        f"/juries/juries/{world.jury.pk}/experts/bulk/",
        {"all_matching": "1", "specialty": world.elec.name_zh},
    )
    experts = preview.context["experts"]
    assert experts and all(e.specialty_id == world.elec.pk for e in experts)


def test_only_the_office_removes_experts(world, client):
    [expert] = world.add_experts(1)
    client.force_login(world.bureau)
    response = client.post(
        f"/juries/juries/{world.jury.pk}/experts/bulk/",
        {"experts": [expert.pk], "step": "confirm", "reason": "x"},
    )
    assert response.status_code in (403, 404)
    assert Expert.objects.get(pk=expert.pk).is_active
