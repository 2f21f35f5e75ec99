"""Filters saved on any list page (core/saved_filters.py): the bureau saves its filter of the
certificate list, the audit log, the quota overview and a jury's expert library, opens it
again with one click and deletes it; only the list's own parameters are kept; a filter of one
jury's library is not offered on another's; nobody else opens or deletes it; an address that
is no list with saved filters is not found."""

import html
import re

import pytest

from core.models import SavedListFilter


@pytest.fixture
def bureau(client, demo, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(demo["users"]["bureau"])
    return client


@pytest.mark.parametrize(
    ("list_address", "query", "kept"),
    [
        ("/juries/juries/{jury}/", "specialty=土木&page=2", {"specialty": "土木"}),
        ("/certificates/", "q=工程&status=valid&page=3", {"q": "工程", "status": "valid"}),
        (
            "/audit/",
            "action=qualify&since=2026-01-01&x=1",
            {"action": "qualify", "since": "2026-01-01"},
        ),
        ("/quotas/", "year=2026&outcome=over&page=2", {"year": "2026", "outcome": "over"}),
    ],
)
def test_save_open_and_delete_a_filter_of_a_list(bureau, demo, list_address, query, kept):
    list_address = list_address.format(jury=demo["jury"].pk)
    page = bureau.get(f"{list_address}?{query}").content.decode()
    form = re.search(r'<form class="inline-form save-filter"[^>]*>(.*?)</form>', page, re.S)
    assert form, "a filtered list offers to save its filter"
    list_path = re.search(r'name="list_path" value="([^"]+)"', form.group(1)).group(1)
    assert list_path == list_address
    saved_query = html.unescape(re.search(r'name="query" value="([^"]*)"', form.group(1)).group(1))

    answer = bureau.post(
        "/filters/save/", {"list_path": list_path, "name": "我的筛选", "query": saved_query}
    )
    assert answer.status_code == 302 and answer["Location"].startswith(list_address)
    saved = SavedListFilter.objects.get(name="我的筛选")
    assert (saved.list_path, saved.query) == (list_address, kept)

    plain = bureau.get(list_address).content.decode()
    assert f'<a href="/filters/{saved.pk}/">我的筛选</a>' in plain
    opened = bureau.get(f"/filters/{saved.pk}/")
    assert opened["Location"].split("?")[0] == list_address
    assert dict(pair.split("=") for pair in opened["Location"].split("?")[1].split("&")).keys() == (
        kept.keys()
    )

    deleted = bureau.post(f"/filters/{saved.pk}/delete/", follow=True).content.decode()
    assert "The saved filter “我的筛选” is deleted." in deleted
    assert not SavedListFilter.objects.exists()
    assert f'href="/filters/{saved.pk}/"' not in bureau.get(list_address).content.decode()


def test_another_persons_filter_and_an_unknown_list_are_not_found(bureau, demo, client):
    bureau.post(
        "/filters/save/",
        {"list_path": "/certificates/", "name": "有效", "query": "status=valid"},
    )
    saved = SavedListFilter.objects.get()
    assert (
        bureau.post(
            "/filters/save/", {"list_path": "/notifications/", "name": "x", "query": "q=1"}
        ).status_code
        == 404
    )

    client.force_login(demo["users"]["office"])
    assert client.get(f"/filters/{saved.pk}/").status_code == 404
    assert client.post(f"/filters/{saved.pk}/delete/").status_code == 404
    assert SavedListFilter.objects.filter(pk=saved.pk).exists()


def test_an_unfiltered_list_is_not_saved_and_the_number_of_filters_is_limited(bureau, settings):
    answer = bureau.post(
        "/filters/save/",
        {"list_path": "/certificates/", "name": "全部", "query": "page=2"},
        follow=True,
    )
    assert "Filter the list first, then save the filter." in answer.content.decode()
    settings.SAVED_FILTERS_PER_LIST = 2
    for year in (2024, 2025, 2026):
        answer = bureau.post(
            "/filters/save/",
            {"list_path": "/certificates/", "name": str(year), "query": f"year={year}"},
            follow=True,
        )
    assert "You have 2 saved filters: delete one first." in answer.content.decode()
    assert sorted(SavedListFilter.objects.values_list("name", flat=True)) == ["2024", "2025"]


def test_a_filter_of_one_jurys_library_is_not_offered_on_anothers(bureau, demo):
    from juries.models import Jury

    jury = demo["jury"]
    other = Jury.objects.create(
        name="示范市第二评委会",
        series=jury.series,
        min_level=jury.min_level,
        max_level=jury.max_level,
        established_by=jury.established_by,
        office=jury.office,
    )
    bureau.post(
        "/filters/save/",
        {"list_path": f"/juries/juries/{jury.pk}/", "name": "土木", "query": "specialty=土木"},
    )
    saved = SavedListFilter.objects.get()
    assert (
        f'href="/filters/{saved.pk}/"' in bureau.get(f"/juries/juries/{jury.pk}/").content.decode()
    )
    assert f'href="/filters/{saved.pk}/"' not in (
        bureau.get(f"/juries/juries/{other.pk}/").content.decode()
    )
