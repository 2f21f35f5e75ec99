"""The declaration list's filter choices: the series and titles the list's plans offer, read
from the plan tables and never picked out of the declarations; the units listed for a unit's
or a department's staff, while an office (whose list spans a city's thousands of units) finds
a unit with the name box, and a unit chosen in the address still filters and stays chosen."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.models import Declaration
from tests.applicants.bulk_world import at_stage

S = Declaration.Status


@pytest.fixture(autouse=True)
def _english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def select(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)


def rows(page: str) -> int:
    return len(re.findall(r'<td class="pick">|<a href="/declarations/\d+/">', page))


def test_the_office_finds_units_by_name_and_a_chosen_unit_still_filters(world, client):
    at_stage(world, 2, S.QUALIFICATION_CHECK)
    hospital = world.advance(world.create(applicant=world.hospital_applicant), S.RECOMMENDED)
    client.force_login(world.office)

    page = client.get("/declarations/").content.decode()
    assert select(page, "unit").count("<option") == 1  # "All" only
    assert "type the unit's name in “Name or unit”" in page

    chosen = client.get("/declarations/", {"unit": hospital.employer_id}).content.decode()
    unit = select(chosen, "unit")
    assert f'<option value="{hospital.employer_id}" selected>{hospital.employer.name}' in unit
    assert hospital.applicant.real_name in chosen
    assert client.get("/declarations/", {"unit": "not-a-unit"}).status_code == 200


def test_a_units_staff_and_a_department_choose_among_their_units(world, client):
    hospital = world.advance(world.create(applicant=world.hospital_applicant), S.RECOMMENDED)
    employer = hospital.employer

    for user in (world.hospital_hr, world.department):
        client.force_login(user)
        page = client.get("/declarations/").content.decode()
        assert f'<option value="{employer.pk}">{employer.name}</option>' in select(page, "unit")


def test_series_and_titles_come_from_the_plans_without_reading_the_declarations(world, client):
    at_stage(world, 2, S.QUALIFICATION_CHECK)
    client.force_login(world.office)

    with CaptureQueriesContext(connection) as captured:
        page = client.get("/declarations/").content.decode()

    for title in world.plan.titles.all():
        assert f'<option value="{title.pk}">' in select(page, "title")
    assert f'<option value="{world.plan.series_id}">' in select(page, "series")
    choices = [
        query["sql"]
        for query in captured.captured_queries
        if re.match(r'SELECT (DISTINCT )?"titles_(series|titlename)"\.', query["sql"])
    ]
    assert len(choices) == 2
    assert not any("applicants_declaration" in sql for sql in choices)
