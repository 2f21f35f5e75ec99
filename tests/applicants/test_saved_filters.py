"""Saved filters of the declaration list: a person saves the current filter under a name,
picks it from the bar, replaces or deletes it; nobody else sees it; a search by ID number is
saved as its keyed digest and mask, never the number."""

import re

import pytest

from applicants.models import Declaration
from core.masking import mask_id_number
from core.models import SavedListFilter
from tests.applicants.bulk_world import at_stage

S = Declaration.Status


@pytest.fixture(autouse=True)
def _english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def names(html) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return re.findall(r'<a href="/declarations/\d+/">([^<]+)</a>', body.group(1)) if body else []


def test_save_pick_replace_and_delete_a_filter(world, client):
    at_stage(world, 3, S.RECOMMENDED)
    at_stage(world, 2, S.QUALIFIED)
    client.force_login(world.office)

    saved = client.post(
        "/declarations/filters/save/", {"name": "待受理", "query": "status=recommended&sort=name"}
    )
    assert saved["Location"] == "/declarations/?status=recommended&sort=name"
    row = SavedListFilter.objects.get(owner=world.office)
    assert row.query == {"status": "recommended", "sort": "name"}

    html = client.get("/declarations/").content.decode()
    assert f'href="/filters/{row.pk}/">待受理</a>' in html
    assert client.get(f"/filters/{row.pk}/")["Location"] == f"/declarations/?saved={row.pk}"
    picked = client.get(f"/declarations/?saved={row.pk}")
    assert picked["Location"] == "/declarations/?status=recommended&sort=name"
    assert len(names(client.get(picked["Location"]).content.decode())) == 3

    # The same name replaces the filter; nothing but the filter's parameters is kept.
    client.post(
        "/declarations/filters/save/", {"name": "待受理", "query": "status=qualified&page=3&x=1"}
    )
    row.refresh_from_db()
    assert row.query == {"status": "qualified"}
    assert SavedListFilter.objects.filter(owner=world.office).count() == 1

    client.post(f"/filters/{row.pk}/delete/")
    assert not SavedListFilter.objects.exists()


def test_an_empty_filter_is_not_saved_and_another_persons_filter_is_404(world, client):
    client.force_login(world.office)
    client.post("/declarations/filters/save/", {"name": "全部", "query": ""})
    assert not SavedListFilter.objects.exists()
    html = client.get("/declarations/").content.decode()
    assert "Filter the list first, then save the filter." in html

    client.post("/declarations/filters/save/", {"name": "受理中", "query": "status=recommended"})
    row = SavedListFilter.objects.get()
    client.force_login(world.bureau)
    assert client.get(f"/declarations/?saved={row.pk}").status_code == 404
    assert client.get(f"/filters/{row.pk}/").status_code == 404
    assert client.post(f"/filters/{row.pk}/delete/").status_code == 404
    assert "受理中" not in client.get("/declarations/").content.decode()
    assert SavedListFilter.objects.filter(pk=row.pk).exists()


def test_a_saved_id_number_search_keeps_no_number_and_works_in_a_new_session(world, client):
    declarations = at_stage(world, 4, S.RECOMMENDED)
    wanted = declarations[2].applicant
    number = wanted.id_number
    client.force_login(world.office)
    location = client.post("/declarations/search/id-number/", {"id_number": number})["Location"]
    query = location.split("?", 1)[1]

    client.post("/declarations/filters/save/", {"name": "查某人", "query": query})
    row = SavedListFilter.objects.get()
    stored = " ".join(str(value) for value in row.__dict__.values())
    assert number not in stored and number[6:14] not in stored
    assert row.id_number_digest and row.id_number_masked == mask_id_number(number)

    client.logout()
    client.force_login(world.office)
    picked = client.get(f"/declarations/?saved={row.pk}")
    assert number not in picked["Location"]
    html = client.get(picked["Location"]).content.decode()
    assert names(html) == [wanted.real_name]
    assert number not in html
