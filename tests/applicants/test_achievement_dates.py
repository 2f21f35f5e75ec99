"""Achievements and performance count from the year after the current title was obtained
(Qinghai 2022; ACHIEVEMENTS_COUNT_FROM="next_year"), or from the day after it in a province
that counts from the date ("date"), up to the plan's cut-off date: each limit with the day
before and the day of it."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from applicants import services
from applicants.eligibility import evaluate_eligibility
from applicants.eligibility_dates import achievements_count_from
from applicants.models import Achievement, Declaration

OBTAINED = date(2019, 7, 1)  # the current title of the declarations in tests/applicants


def paper(day, title="论文"):
    return {"kind": Achievement.Kind.PAPER, "title": title, "achieved_on": day}


def date_findings(declaration):
    return [
        (f.code, f.evidence["achieved_on"])
        for f in evaluate_eligibility(declaration)
        if f.code.startswith("achievement")
    ]


def test_by_default_achievements_count_from_the_year_after_the_current_title(world):
    declaration = world.create(
        achievements=[
            paper(date(2019, 7, 1), "取得当日"),
            paper(date(2019, 12, 31), "当年年底"),  # the day before the window opens
            paper(date(2020, 1, 1), "次年元旦"),  # the day it opens: counts
        ]
    )
    findings = [f for f in evaluate_eligibility(declaration) if f.code.startswith("achievement")]
    assert [(f.code, f.blocking, f.evidence["achieved_on"]) for f in findings] == [
        ("achievement_before_current_title", True, "2019-07-01"),
        ("achievement_in_current_title_year", True, "2019-12-31"),
    ]
    same_year = findings[1]
    assert same_year.evidence["counts_from"] == "2020-01-01"
    assert same_year.evidence["current_title_obtained_on"] == "2019-07-01"
    assert same_year.message_en == (
        "The achievement “当年年底” (31 Dec 2019) is from the year the current title was "
        "obtained (1 Jul 2019): achievements count from 1 Jan 2020. Remove it or correct its date."
    )
    assert same_year.rule == (
        "Achievements and performance count from the year after the current title was "
        "obtained, from 1 Jan 2020"
    )


def test_a_province_counting_from_the_date_counts_from_the_day_after_it(world, settings):
    settings.ACHIEVEMENTS_COUNT_FROM = "date"
    declaration = world.create(
        achievements=[
            paper(date(2019, 7, 1), "取得当日"),  # the day before the window opens
            paper(date(2019, 7, 2), "次日"),  # the day it opens: counts
            paper(date(2019, 12, 31), "当年年底"),
        ]
    )
    assert date_findings(declaration) == [("achievement_before_current_title", "2019-07-01")]
    finding = next(f for f in evaluate_eligibility(declaration) if f.code.startswith("achieve"))
    assert finding.evidence["counts_from"] == "2019-07-02"
    assert finding.rule == "Achievements count only after the current title was obtained"


def test_achievements_count_up_to_the_cut_off_date_included(world):
    cutoff = world.plan.achievement_cutoff
    assert cutoff == date(2026, 12, 31)
    declaration = world.create(
        achievements=[paper(date(2026, 12, 31), "截止当日"), paper(date(2027, 1, 1), "截止次日")]
    )
    findings = [f for f in evaluate_eligibility(declaration) if f.code.startswith("achievement")]
    assert [(f.code, f.evidence) for f in findings] == [
        (
            "achievement_after_cutoff",
            {
                "achievement": findings[0].evidence["achievement"],
                "achieved_on": "2027-01-01",
                "cutoff": "2026-12-31",
            },
        )
    ]


def test_an_achievement_outside_the_window_blocks_submission_until_corrected(world):
    declaration = world.create(achievements=[paper(date(2019, 12, 31), "当年论文")])
    with pytest.raises(ValidationError) as refusal:
        services.submit_declaration(declaration, actor=world.applicant, pledge=True)
    assert "achievements count from 1 Jan 2020" in refusal.value.messages[0]
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.DRAFT

    services.update_declaration(
        declaration, actor=world.applicant, achievements=[paper(date(2020, 1, 1), "次年论文")]
    )
    services.submit_declaration(declaration, actor=world.applicant, pledge=True)
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.SUBMITTED


def test_the_counting_start_is_exact_arithmetic():
    assert achievements_count_from(date(2019, 12, 31), "next_year") == date(2020, 1, 1)
    assert achievements_count_from(date(2020, 1, 1), "next_year") == date(2021, 1, 1)
    assert achievements_count_from(date(2019, 12, 31), "date") == date(2020, 1, 1)
    assert achievements_count_from(date(2020, 2, 28), "date") == date(2020, 2, 29)


def test_an_unknown_way_of_counting_is_a_configuration_error(world, settings):
    declaration = world.create()
    settings.ACHIEVEMENTS_COUNT_FROM = "from_the_moon"
    with pytest.raises(ImproperlyConfigured):
        evaluate_eligibility(declaration)


def test_the_page_shows_the_finding_with_its_evidence(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    declaration = world.create(achievements=[paper(date(2019, 10, 8), "当年论文")])
    client.force_login(world.applicant)
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "is from the year the current title was obtained" in html
    assert "<code>counts_from</code></dt><dd>2020-01-01</dd>" in html
