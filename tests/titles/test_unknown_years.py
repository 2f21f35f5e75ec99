"""A year whose holidays nobody knows is refused, never counted as Monday to Friday: starting
a unit or result publicity, setting a correction deadline or applying for a meeting whose
working days reach such a year is refused on pages and in the API with a message naming the
year and who enters it. chinesecalendar 1.11.0 knows the years up to 2026 (these tests hold
it there, whatever release is installed); 2027 is known only once an administrator has
entered it in full. The bureau's home page asks for the next year from 1 November."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from applicants import services as declarations
from applicants.models import Declaration, UnitPublicity
from juries.models import ReviewMeeting
from juries.services.meetings import apply_for_meeting
from juries.services.publicity import publish_results
from tests.titles.conftest import enter_year
from titles.models import CalendarDay
from titles.working_days import (
    UnknownCalendarYear,
    add_working_days,
    calendar_is_known,
    deadline_after,
    package_knows,
    publicity_window,
    working_days_between,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("package_up_to_2026")]
S = Declaration.Status

# The last days of 2026, which the package knows: Friday 25 December is the first day of the
# last five-working-day window that ends in 2026 (25, 28, 29, 30, 31 December); a window of
# five started on Monday 28 December reaches 2027.
FRI_25_DEC, MON_28_DEC, THU_31_DEC = date(2026, 12, 25), date(2026, 12, 28), date(2026, 12, 31)
NEW_YEARS_DAY, MON_4_JAN = date(2027, 1, 1), date(2027, 1, 4)
REFUSAL = "The working-day calendar for 2027 is not known yet"
WHERE = "/titles/calendar/2027/"
ITEMS = [{"section": "materials", "problem": "学历证书扫描件模糊"}]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_package_covers_2026_and_not_2027():
    assert package_knows(2026) and calendar_is_known(2026)
    assert not package_knows(2027) and not calendar_is_known(2027)


def test_a_window_reaching_an_unknown_year_is_refused_with_the_year_and_who_enters_it():
    assert publicity_window(FRI_25_DEC, 5).end == THU_31_DEC

    with pytest.raises(UnknownCalendarYear) as refused:
        publicity_window(MON_28_DEC, 5)
    assert refused.value.year == 2027
    message = refused.value.messages[0]
    assert message.startswith(REFUSAL)
    assert "an administrator enters" in message and WHERE in message

    with pytest.raises(ValidationError, match="2027"):
        add_working_days(THU_31_DEC, 1)
    with pytest.raises(ValidationError, match="2027"):
        working_days_between(THU_31_DEC, MON_4_JAN)


def test_the_api_refuses_a_window_reaching_an_unknown_year(demo):
    client = api(demo["users"]["applicant"])

    answer = client.get("/api/v1/working-days/window/", {"start": "2026-12-28", "days": 5})
    assert answer.status_code == 400
    assert answer.json()["errors"]["start"][0].startswith(REFUSAL)
    assert (
        client.get("/api/v1/working-days/add/", {"start": "2026-12-31", "n": 1}).status_code == 400
    )

    fits = client.get("/api/v1/working-days/window/", {"start": "2026-12-25", "days": 5})
    assert fits.json()["end"] == "2026-12-31"


def test_days_entered_without_marking_the_year_complete_do_not_make_it_known():
    CalendarDay.objects.create(date=NEW_YEARS_DAY, is_working_day=False, note="元旦")

    assert not calendar_is_known(2027)
    with pytest.raises(UnknownCalendarYear):
        publicity_window(MON_28_DEC, 5)

    CalendarDay.objects.all().delete()
    enter_year(2027, NEW_YEARS_DAY)

    assert calendar_is_known(2027)
    # 28, 29, 30, 31 December; New Year's Day is off; Monday 4 January is the fifth.
    assert publicity_window(MON_28_DEC, 5).end == MON_4_JAN


def test_the_unit_publicity_is_refused_on_the_page_and_in_the_api(stages, clock, english):
    clock.move_to(MON_28_DEC)
    on_page, in_api = stages.declaration(S.SUBMITTED), stages.declaration(S.SUBMITTED)

    english.force_login(stages.employer)
    page = english.post(f"/declarations/{on_page.pk}/act/start_publicity/")
    assert REFUSAL in page.content.decode() and WHERE in page.content.decode()

    answer = api(stages.employer).post(f"/api/v1/declarations/{in_api.pk}/start-publicity/")
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith(REFUSAL)

    assert not UnitPublicity.objects.exists()
    assert set(
        Declaration.objects.filter(pk__in=[on_page.pk, in_api.pk]).values_list("status", flat=True)
    ) == {S.SUBMITTED}


def test_the_unit_publicity_ending_on_the_last_known_day_is_accepted(stages, clock):
    clock.move_to(FRI_25_DEC)
    declaration = declarations.start_unit_publicity(
        stages.declaration(S.SUBMITTED), actor=stages.employer
    )
    assert declaration.publicities.get().ends_on == THU_31_DEC


def test_once_the_year_is_entered_the_same_publicity_runs_into_it(stages, clock):
    enter_year(2027, NEW_YEARS_DAY)
    clock.move_to(MON_28_DEC)
    declaration = declarations.start_unit_publicity(
        stages.declaration(S.SUBMITTED), actor=stages.employer
    )
    assert declaration.publicities.get().ends_on == MON_4_JAN


def test_the_result_publicity_is_refused_on_the_page_and_in_the_api(stages, clock, english):
    clock.move_to(date(2026, 12, 21))
    meeting = stages.confirmed_meeting(held_on=date(2026, 12, 18))

    english.force_login(stages.office)
    page = english.post(f"/juries/meetings/{meeting.pk}/publish/", {"starts_on": "2026-12-28"})
    assert page.status_code == 400
    assert REFUSAL in page.content.decode()

    answer = api(stages.office).post(
        f"/api/v1/meetings/{meeting.pk}/publish/", {"starts_on": "2026-12-28"}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["starts_on"][0].startswith(REFUSAL)

    # A later end chosen by hand is refused the same way, under its own field.
    later = api(stages.office).post(
        f"/api/v1/meetings/{meeting.pk}/publish/",
        {"starts_on": "2026-12-21", "ends_on": "2027-01-08"},
        format="json",
    )
    assert later.status_code == 400
    assert later.json()["errors"]["ends_on"][0].startswith(REFUSAL)

    meeting.refresh_from_db()
    assert meeting.status == ReviewMeeting.Status.CONFIRMED

    publicity = publish_results(actor=stages.office, meeting=meeting, starts_on=FRI_25_DEC)
    assert publicity.ends_on == THU_31_DEC


def test_a_correction_deadline_in_an_unknown_year_is_refused(stages, clock, english):
    clock.move_to(MON_28_DEC)
    by_default, by_hand = (stages.declaration(S.QUALIFICATION_CHECK) for _ in range(2))

    answer = api(stages.office).post(
        f"/api/v1/declarations/{by_default.pk}/request-correction/", {"items": ITEMS}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["deadline"][0].startswith(REFUSAL)

    english.force_login(stages.office)
    page = english.post(
        f"/declarations/{by_hand.pk}/act/request_correction/",
        {
            "request_correction-deadline": "2027-01-05",
            "request_correction-items-TOTAL_FORMS": "1",
            "request_correction-items-INITIAL_FORMS": "0",
            "request_correction-items-0-section": "materials",
            "request_correction-items-0-problem": "学历证书扫描件模糊",
        },
    )
    assert REFUSAL in page.content.decode()
    assert not by_hand.correction_notices.exists()

    # The last known day is a deadline like any other.
    corrected = declarations.request_correction(
        by_hand, actor=stages.office, items=ITEMS, deadline=THU_31_DEC
    )
    assert corrected.correction_notices.get().deadline == THU_31_DEC
    clock.move_to(FRI_25_DEC)
    assert deadline_after(FRI_25_DEC, 5) == THU_31_DEC


def test_a_meeting_application_counting_into_an_unknown_year_is_refused(stages, clock):
    meeting = stages.draft_meeting(held_on=date(2027, 1, 15))

    clock.move_to(MON_28_DEC)
    with pytest.raises(UnknownCalendarYear, match="2027"):
        apply_for_meeting(actor=stages.office, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == ReviewMeeting.Status.DRAFT

    # Applied on 25 December, its five working days all fall in 2026.
    clock.move_to(FRI_25_DEC)
    apply_for_meeting(actor=stages.office, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == ReviewMeeting.Status.APPLIED


def home_page(client, user):
    client.force_login(user)
    return client.get("/").content.decode()


def test_the_bureau_is_asked_for_next_years_holidays_from_1_november(demo, clock, english):
    bureau = demo["users"]["bureau"]
    asked = "The calendar for 2027 needs its holidays"

    clock.move_to(date(2026, 10, 31))
    assert asked not in home_page(english, bureau)

    clock.move_to(date(2026, 11, 1))
    page = home_page(english, bureau)
    assert asked in page and WHERE in page
    assert asked in home_page(english, demo["users"]["admin"])
    assert asked not in home_page(english, demo["users"]["applicant"])

    enter_year(2027, NEW_YEARS_DAY)
    assert asked not in home_page(english, bureau)


def test_the_current_year_is_asked_for_all_year_when_nobody_knows_it(demo, clock, english):
    clock.move_to(date(2027, 3, 1))
    assert "The calendar for 2027 needs its holidays" in home_page(english, demo["users"]["bureau"])

    clock.move_to(date(2025, 6, 1))
    assert "needs its holidays" not in home_page(english, demo["users"]["bureau"])
