"""One rule for every window and deadline (titles/working_days.py `window`): a window of N
working days that starts on day D counts D when D is a working day, begins with the next
working day otherwise, and runs through its N-th working day. Unit publicity, result
publicity, the correction deadline and the meeting application follow it, and pages show
each window as "from … to … (N working days)". Each limit is tried on both sides.

National Day 2025 (chinesecalendar): 1–8 October off; Sunday 28 September and Saturday
11 October are make-up working days."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from applicants import services as declarations
from applicants.models import CorrectionNotice, Declaration, UnitPublicity
from juries.models import ReviewMeeting
from juries.services.meetings import apply_for_meeting
from juries.services.publicity import publish_results
from titles.working_days import (
    deadline_after,
    fits_before,
    last_start_before,
    publicity_window,
    window,
    window_between,
)

pytestmark = pytest.mark.django_db
S = Declaration.Status

FRI_26_SEP, SAT_27_SEP, SUN_28_SEP = date(2025, 9, 26), date(2025, 9, 27), date(2025, 9, 28)
TUE_30_SEP, WED_1_OCT, THU_9_OCT = date(2025, 9, 30), date(2025, 10, 1), date(2025, 10, 9)
FRI_10_OCT, SAT_11_OCT, MON_13_OCT = date(2025, 10, 10), date(2025, 10, 11), date(2025, 10, 13)
ITEMS = [{"section": "materials", "problem": "学历证书扫描件模糊"}]


def test_the_first_day_counts_when_it_is_a_working_day():
    # Monday 9 June 2025 to Friday 13 June: five working days, the Monday among them.
    assert window(date(2025, 6, 9), 5).end == date(2025, 6, 13)
    assert window(date(2025, 6, 9), 1).end == date(2025, 6, 9)
    # Saturday 7 June is no working day: the count begins on Monday, the end is the same.
    assert window(date(2025, 6, 7), 5).end == date(2025, 6, 13)
    assert window(date(2025, 6, 7), 5).days == 5


def test_a_window_across_national_day_counts_the_make_up_days_and_skips_the_holiday():
    # 26 Sep (Fri), 28 Sep (Sun, make-up), 29 Sep, 30 Sep, then 9 Oct after the holiday.
    assert window(FRI_26_SEP, 5).end == THU_9_OCT
    # Saturday 27 September is off; the make-up Sunday is the first working day.
    assert window(SAT_27_SEP, 4).end == THU_9_OCT
    assert window(SUN_28_SEP, 1).end == SUN_28_SEP
    # Started inside the holiday, the count begins on 9 October.
    assert window(WED_1_OCT, 1).end == THU_9_OCT
    # The make-up Saturday 11 October is the seventh working day from 26 September.
    assert window(FRI_26_SEP, 6).end == FRI_10_OCT
    assert window(FRI_26_SEP, 7).end == SAT_11_OCT
    assert window(FRI_26_SEP, 8).end == MON_13_OCT


def test_a_window_chosen_by_hand_counts_its_working_days_by_the_same_rule():
    assert window_between(FRI_26_SEP, THU_9_OCT).days == 5
    assert window_between(FRI_26_SEP, date(2025, 10, 8)).days == 4
    assert window_between(SAT_27_SEP, SAT_11_OCT).days == 6
    assert str(window_between(FRI_26_SEP, THU_9_OCT)) == (
        "from 26 Sep 2025 to 9 Oct 2025 (5 working days)"
    )


def test_a_province_counting_from_the_day_after_moves_every_window_alike(settings):
    settings.WORKING_DAYS_START_DAY_COUNTS = False

    # 28 Sep (make-up), 29 Sep, 30 Sep, 9 Oct, 10 Oct.
    assert window(FRI_26_SEP, 5).end == FRI_10_OCT
    assert deadline_after(FRI_26_SEP, 5) == FRI_10_OCT
    assert window_between(FRI_26_SEP, FRI_10_OCT).days == 5
    assert not fits_before(FRI_26_SEP, 5, FRI_10_OCT)
    assert fits_before(FRI_26_SEP, 5, SAT_11_OCT)
    # Started on Saturday 27 September, the count begins on the make-up Sunday.
    assert last_start_before(SAT_11_OCT, 5) == SAT_27_SEP


def test_unit_and_result_publicity_started_the_same_day_end_the_same_day(stages, clock, english):
    clock.move_to(FRI_26_SEP)
    declaration = declarations.start_unit_publicity(
        stages.declaration(S.SUBMITTED), actor=stages.employer
    )
    result = publish_results(
        actor=stages.office, meeting=stages.confirmed_meeting(), starts_on=FRI_26_SEP
    )

    unit = UnitPublicity.objects.get(declaration=declaration)
    assert (unit.starts_on, unit.ends_on, unit.working_days) == (FRI_26_SEP, THU_9_OCT, 5)
    assert (result.starts_on, result.ends_on) == (FRI_26_SEP, THU_9_OCT)
    assert publicity_window(FRI_26_SEP, 5).end == THU_9_OCT

    shown = "from 26 Sep 2025 to 9 Oct 2025 (5 working days)"
    english.force_login(stages.employer)
    assert shown in english.get(f"/declarations/publicity/{unit.pk}/").content.decode()
    english.force_login(stages.office)
    assert shown in english.get(f"/juries/meetings/{result.meeting_id}/").content.decode()
    assert shown in english.get(f"/juries/publicity/{result.public_id}/").content.decode()


def test_the_unit_recommends_the_day_after_the_publicity_not_on_its_last_day(stages, clock):
    clock.move_to(FRI_26_SEP)
    declaration = declarations.start_unit_publicity(
        stages.declaration(S.SUBMITTED), actor=stages.employer
    )

    clock.move_to(THU_9_OCT)
    with pytest.raises(ValidationError, match="runs until 9 Oct 2025"):
        declarations.recommend_declaration(declaration, actor=stages.employer, commitment=True)

    clock.move_to(FRI_10_OCT)
    recommended = declarations.recommend_declaration(
        declaration, actor=stages.employer, commitment=True
    )
    assert recommended.status in (S.RECOMMENDED, S.DEPARTMENT_REVIEW)


def test_the_result_publicity_is_at_least_the_plans_working_days(stages, clock):
    clock.move_to(FRI_26_SEP)
    meeting = stages.confirmed_meeting()

    with pytest.raises(ValidationError, match="until 9 Oct 2025 or later"):
        publish_results(
            actor=stages.office, meeting=meeting, starts_on=FRI_26_SEP, ends_on=date(2025, 10, 8)
        )
    publicity = publish_results(
        actor=stages.office, meeting=meeting, starts_on=FRI_26_SEP, ends_on=THU_9_OCT
    )
    assert publicity.ends_on == THU_9_OCT


def test_the_correction_deadline_is_the_last_day_to_resubmit(stages, clock, english):
    clock.move_to(FRI_26_SEP)
    declaration = declarations.request_correction(
        stages.declaration(S.QUALIFICATION_CHECK), actor=stages.office, items=ITEMS
    )
    notice = declaration.correction_notices.get()
    assert notice.deadline == THU_9_OCT
    # Issued that day (the clock moves the date, not the time of day stamped on records).
    CorrectionNotice.objects.filter(pk=notice.pk).update(
        issued_at=datetime(2025, 9, 26, 10, tzinfo=UTC)
    )

    english.force_login(declaration.applicant)
    page = english.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "from 26 Sep 2025 to 9 Oct 2025 (5 working days)" in page

    # On the deadline day the declaration is still open for the correction...
    clock.move_to(THU_9_OCT)
    assert declarations.deem_overdue_corrections_withdrawn() == 0
    declaration.refresh_from_db()
    assert declaration.status == S.CORRECTION_REQUESTED

    # ...the day after, the correction is refused and the declaration deemed withdrawn.
    clock.move_to(FRI_10_OCT)
    with pytest.raises(ValidationError, match="has passed"):
        declarations.resubmit_declaration(declaration, actor=declaration.applicant, pledge=True)
    assert declarations.deem_overdue_corrections_withdrawn() == 1
    declaration.refresh_from_db()
    assert declaration.status == S.DEEMED_WITHDRAWN


def test_the_meeting_application_needs_its_working_days_before_the_meeting_day(stages, clock):
    # Applied on Friday 26 September: 26, 28, 29, 30 September and 9 October are the five
    # working days, so the meeting may be held on Friday 10 October at the earliest.
    clock.move_to(FRI_26_SEP)
    too_soon = stages.draft_meeting(held_on=THU_9_OCT)
    with pytest.raises(ValidationError, match="for 9 Oct 2025, by 25 Sep 2025"):
        apply_for_meeting(actor=stages.office, meeting=too_soon)
    too_soon.refresh_from_db()
    assert too_soon.status == ReviewMeeting.Status.DRAFT

    in_time = stages.draft_meeting(held_on=FRI_10_OCT)
    apply_for_meeting(actor=stages.office, meeting=in_time)
    in_time.refresh_from_db()
    assert in_time.status == ReviewMeeting.Status.APPLIED
    assert last_start_before(FRI_10_OCT, 5) == FRI_26_SEP


def test_the_api_answers_a_window_by_the_same_rule(demo):
    client = APIClient()
    client.force_authenticate(demo["users"]["applicant"])

    answer = client.get("/api/v1/working-days/window/", {"start": "2025-09-26", "days": 5})

    assert answer.status_code == 200
    assert answer.json() == {
        "start": "2025-09-26",
        "end": "2025-10-09",
        "days": 5,
        "text": "from 26 Sep 2025 to 9 Oct 2025 (5 working days)",
    }
