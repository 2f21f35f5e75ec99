"""Searching the declaration list by a whole ID number: the number is posted, matched by its
keyed digest, and never appears in an address, a redirect or a link of the answer; the list
shows it masked; the people it finds are recorded as seen."""

import re

import pytest

from applicants.models import Declaration
from audit.models import PersonalDataAccess
from core.masking import mask_id_number
from tests.applicants.bulk_world import at_stage

S = Declaration.Status


@pytest.fixture(autouse=True)
def _english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def names(html) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return re.findall(r'<a href="/declarations/\d+/">([^<]+)</a>', body.group(1)) if body else []


def addresses(html) -> list[str]:
    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


def test_the_office_finds_the_person_and_the_number_stays_out_of_every_address(world, client):
    declarations = at_stage(world, 30, S.RECOMMENDED)
    wanted = declarations[7].applicant
    number = wanted.id_number
    client.force_login(world.office)

    # Typed with spaces and a small x the way people do; matched all the same.
    typed = f" {number[:6]} {number[6:].lower()} "
    answer = client.post("/declarations/search/id-number/", {"id_number": typed})

    assert answer.status_code == 302
    location = answer["Location"]
    assert number not in location and number[6:14] not in location
    assert re.fullmatch(r"/declarations/\?id_search=[\w-]+", location)
    page = client.get(location)
    html = page.content.decode()
    assert names(html) == [wanted.real_name]
    assert mask_id_number(number) in html
    assert number not in html
    for address in addresses(html):
        assert number not in address and number.lower() not in address
    # Sorting and paging the search keep it by its key only.
    sorted_page = client.get(location + "&sort=name").content.decode()
    assert names(sorted_page) == [wanted.real_name]
    assert number not in sorted_page


def test_the_person_found_is_recorded_as_seen_and_a_miss_records_nobody(world, client):
    declarations = at_stage(world, 3, S.RECOMMENDED)
    wanted = declarations[0].applicant
    client.force_login(world.office)

    client.post("/declarations/search/id-number/", {"id_number": wanted.id_number})
    [seen] = PersonalDataAccess.objects.filter(viewer=world.office)
    assert (seen.subject_id, seen.kind) == (wanted.pk, PersonalDataAccess.Kind.ID_NUMBER)
    assert wanted.id_number not in seen.item + seen.page

    # The unit's own people it cannot see (drafts, another unit) are not found, nor recorded.
    client.force_login(world.school_hr)
    html = client.get(
        client.post("/declarations/search/id-number/", {"id_number": wanted.id_number})["Location"]
    ).content.decode()
    assert names(html) == [] and "No declaration matches" in html
    assert not PersonalDataAccess.objects.filter(viewer=world.school_hr).exists()


def test_a_number_typed_into_the_address_search_is_refused_and_not_searched(world, client):
    declarations = at_stage(world, 3, S.RECOMMENDED)
    client.force_login(world.office)
    html = client.get("/declarations/", {"q": declarations[0].applicant.id_number}).content.decode()
    assert "use the ID number search, sent by POST" in html
    assert len(names(html)) == 3


def test_a_search_key_of_another_session_finds_nothing_of_it(world, client, django_user_model):
    declarations = at_stage(world, 3, S.RECOMMENDED)
    client.force_login(world.office)
    location = client.post(
        "/declarations/search/id-number/", {"id_number": declarations[0].applicant.id_number}
    )["Location"]

    client.logout()
    client.force_login(world.office)  # a new session
    html = client.get(location).content.decode()
    assert "Searching by the ID number" not in html
    assert len(names(html)) == 3


def test_the_applicant_is_not_offered_the_search(world, client):
    client.force_login(world.applicant)
    assert "/declarations/search/id-number/" not in client.get("/declarations/").content.decode()
