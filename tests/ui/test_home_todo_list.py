from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.models import Role
from core import todo
from core.todo import TodoItem
from titles.working_days import working_days_left


@pytest.fixture
def office_work(monkeypatch):
    """Two pieces of work for the jury office: one due in a few weeks, one overdue."""
    soon = timezone.localdate() + timedelta(days=21)
    late = timezone.localdate() - timedelta(days=14)

    def provider(membership):
        return [
            TodoItem(title="Declarations to check", url="/check/", count=12, due=soon),
            TodoItem(title="Corrections past their deadline", url="/late/", count=2, due=late),
        ]

    monkeypatch.setitem(todo._PROVIDERS, Role.JURY_OFFICE, [provider])
    return {"soon": soon, "late": late}


def test_the_to_do_list_shows_each_item_most_urgent_first(client, make_user, office_work):
    client.force_login(make_user("wu", role=Role.JURY_OFFICE, organization="office"))

    page = client.get("/").content.decode()

    assert page.index("Corrections past their deadline") < page.index("Declarations to check")
    soon = office_work["soon"]
    assert f"截止日期：{soon.year}年{soon.month}月{soon.day}日" in page
    assert f"还剩 {working_days_left(soon)} 个工作日" in page
    assert f"已逾期 {-working_days_left(office_work['late'])} 个工作日" in page
    assert '<span class="count"' in page and ">12</span>" in page


def test_the_same_list_in_english(client, make_user, office_work):
    client.force_login(make_user("wu", role=Role.JURY_OFFICE, organization="office"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client.get("/").content.decode()

    soon = office_work["soon"]
    with translation.override("en"):
        assert f"Due {date_format(soon)}" in page
    assert f"{working_days_left(soon)} working days left" in page


def test_an_empty_list_says_nothing_is_waiting(client, make_user, monkeypatch):
    monkeypatch.setitem(todo._PROVIDERS, Role.APPLICANT, [])
    client.force_login(make_user("zhang"))

    assert "目前没有等待您处理的事项" in client.get("/").content.decode()


def test_other_roles_do_not_see_the_office_work(client, make_user, office_work):
    client.force_login(make_user("zhang", role=Role.APPLICANT))

    assert "Declarations to check" not in client.get("/").content.decode()
