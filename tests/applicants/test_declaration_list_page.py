"""/declarations/: each role sees the declarations of the role it acts in, filters them by
status, plan and name, pages through them, and the page costs the same number of queries for
3 declarations as for 30."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.models import Declaration

S = Declaration.Status


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the pages in English; the language they answer in is tested in
    tests/ui."""
    settings.LANGUAGE_CODE = "en"


def rows(response) -> list[str]:
    """The applicants' names in the list, in order."""
    html = response.content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    if body is None:
        return []
    return re.findall(r'<a href="/declarations/\d+/">([^<]+)</a>', body.group(1))


def page_of(client, user, **query):
    client.force_login(user)
    response = client.get("/declarations/", query)
    assert response.status_code == 200
    return response


def test_the_applicant_sees_their_own_declarations_and_a_new_declaration_button(world, client):
    world.create()
    colleague = world.new_applicant("colleague", 1)
    world.create(applicant=colleague)

    page = page_of(client, world.applicant)
    assert rows(page) == ["张伟"]
    assert 'href="/declarations/new/"' in page.content.decode()
    assert "New declaration" in page.content.decode()

    staff_page = page_of(client, world.employer)
    assert "New declaration" not in staff_page.content.decode()


def test_the_unit_sees_its_people_once_submitted_and_other_units_see_nothing(world, client):
    world.create()  # a draft: still the applicant's own
    colleague = world.new_applicant("colleague", 1)
    world.advance(world.create(applicant=colleague), S.SUBMITTED)

    assert rows(page_of(client, world.employer)) == ["申报人1"]
    assert rows(page_of(client, world.school_hr)) == []
    assert "No declaration yet" in page_of(client, world.school_hr).content.decode()
    assert rows(page_of(client, world.expert)) == []


def test_department_office_and_bureau_see_what_reached_them(world, client):
    hospital = world.advance(world.create(applicant=world.hospital_applicant), S.DEPARTMENT_REVIEW)
    assert rows(page_of(client, world.department)) == ["王芳"]
    assert rows(page_of(client, world.office)) == []

    world.advance(hospital, S.RECOMMENDED)
    assert rows(page_of(client, world.office)) == ["王芳"]
    assert rows(page_of(client, world.bureau)) == ["王芳"]


def test_filter_by_status_plan_and_name(world, client):
    first = world.new_applicant("first", 1)
    second = world.new_applicant("second", 2)
    world.advance(world.create(applicant=first), S.SUBMITTED)
    world.advance(world.create(applicant=second), S.IN_UNIT_PUBLICITY)

    assert sorted(rows(page_of(client, world.employer))) == ["申报人1", "申报人2"]
    assert rows(page_of(client, world.employer, status=S.SUBMITTED)) == ["申报人1"]
    assert rows(page_of(client, world.employer, status=S.IN_UNIT_PUBLICITY)) == ["申报人2"]
    assert rows(page_of(client, world.employer, q="人2")) == ["申报人2"]
    assert sorted(rows(page_of(client, world.employer, plan=world.plan.pk))) == [
        "申报人1",
        "申报人2",
    ]
    nothing = page_of(client, world.employer, status=S.QUALIFIED)
    assert rows(nothing) == []
    assert "No declaration matches" in nothing.content.decode()
    # A status that does not exist is said so, next to its field, and filters nothing.
    unknown = page_of(client, world.employer, status="bogus")
    assert "Select a valid choice" in unknown.content.decode()
    assert len(rows(unknown)) == 2


def test_the_list_is_paginated(world, client, monkeypatch):
    monkeypatch.setattr("applicants.list_views.PAGE_SIZE", 2)
    for number in range(1, 4):
        world.advance(
            world.create(applicant=world.new_applicant(f"p{number}", number)), S.SUBMITTED
        )
    first = page_of(client, world.employer)
    assert len(rows(first)) == 2
    assert "Page 1 of 2" in first.content.decode()
    second = page_of(client, world.employer, page=2)
    assert len(rows(second)) == 1
    assert set(rows(first) + rows(second)) == {"申报人1", "申报人2", "申报人3"}


def _add(world, start, stop):
    for number in range(start, stop):
        person = world.new_applicant(f"person{number}", number)
        world.advance(world.create(applicant=person), S.RECOMMENDED)


READERS = ("employer", "office", "bureau")


def test_the_list_costs_the_same_queries_for_3_or_30_declarations(
    world, client, django_assert_max_num_queries
):
    _add(world, 0, 3)
    counts = {}
    for who in READERS:
        client.force_login(getattr(world, who))
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/declarations/")
        assert len(rows(response)) == 3
        counts[who] = len(queries)
        assert counts[who] <= 12, f"{who}: {counts[who]} queries"

    _add(world, 3, 30)
    for who in READERS:
        client.force_login(getattr(world, who))
        with django_assert_max_num_queries(counts[who]):
            response = client.get("/declarations/")
        assert len(rows(response)) == 25  # the first page
        assert "30 declarations" in response.content.decode()


def test_the_office_filtering_one_plan_is_offered_its_roster_export(world, client):
    world.advance(world.create(), S.QUALIFIED)
    button = f'action="/declarations/plans/{world.plan.pk}/roster/"'

    assert button not in page_of(client, world.office).content.decode()
    assert button in page_of(client, world.office, plan=world.plan.pk).content.decode()
    assert button not in page_of(client, world.employer, plan=world.plan.pk).content.decode()
