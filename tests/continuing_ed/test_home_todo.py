import pytest
from django.db import connection

from accounts.models import Membership
from continuing_ed.selectors import pending_claims_in
from core.todo import todo_items


def titles_for(user):
    membership = Membership.objects.get(user=user)
    return {item.title: item for item in todo_items(membership)}


def test_employer_hr_is_told_how_many_claims_wait_and_the_person_how_short_the_year_is(
    applicant, employer_hr, demo, certified_hours
):
    certified_hours(applicant, 2025, "8", certify=False)
    certified_hours(applicant, 2025, "6", certify=False)

    hr_items = titles_for(employer_hr)
    waiting = hr_items["Continuing-education hours waiting for certification"]
    assert waiting.count == 2
    assert waiting.url == "/continuing-education/review/"
    assert not any("certification" in title for title in titles_for(demo["users"]["school_hr"]))

    (own,) = [item for title, item in titles_for(applicant).items() if "hours certified" in title]
    assert "0 of 90 hours certified" in own.title


def test_the_waiting_claims_are_found_through_their_own_index(
    applicant, employer_hr, certified_hours
):
    if connection.vendor != "postgresql":
        pytest.skip("the partial index and the query plan are PostgreSQL's")
    certified_hours(applicant, 2025, "8", certify=False)
    for year in (2022, 2023, 2024):
        certified_hours(applicant, year, "30")
    membership = Membership.objects.get(user=employer_hr)
    with connection.cursor() as cursor:
        # The test tables are a few rows: a sequential scan would win at any size here.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = pending_claims_in(membership).values("pk").explain()

    assert "credit_hours_claimed" in plan
