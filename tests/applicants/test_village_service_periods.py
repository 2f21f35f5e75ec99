"""Village first secretaries and work-team members enter their village service as dated
periods: the periods must follow one another without a day's gap and last more than
FIRST_SECRETARY_MIN_VILLAGE_YEARS (2), counted in real days to the plan's cut-off date, so that
23 months are told from 24 and 24 from a day more. Each limit with the day before and the day
of it, over a leap year too."""

from datetime import date

import pytest

from applicants import services
from applicants.eligibility import evaluate_eligibility
from applicants.eligibility_dates import continuous_service
from applicants.models import AnnualAssessment, Declaration

C = Declaration.Channel
CUTOFF = date(2026, 12, 31)


def stretch(first_day, last_day):
    [only] = continuous_service([(first_day, last_day)], CUTOFF).stretches
    return only


@pytest.mark.parametrize(
    ("first_day", "last_day", "days", "more_than_two_years"),
    [
        # Two ordinary years: the second anniversary is the first day of more than two years.
        (date(2021, 3, 1), date(2023, 2, 28), 730, False),
        (date(2021, 3, 1), date(2023, 3, 1), 731, True),
        # Over 29 February 2024 two years have 731 days, still not more than two years.
        (date(2022, 3, 1), date(2024, 2, 29), 731, False),
        (date(2022, 3, 1), date(2024, 3, 1), 732, True),
        # From 29 February the anniversary is 28 February.
        (date(2020, 2, 29), date(2022, 2, 27), 730, False),
        (date(2020, 2, 29), date(2022, 2, 28), 731, True),
        # 23 months, 24 months (exactly two years), 24 months and a day.
        (date(2023, 6, 1), date(2025, 4, 30), 700, False),
        (date(2023, 6, 1), date(2025, 5, 31), 731, False),
        (date(2023, 6, 1), date(2025, 6, 1), 732, True),
    ],
)
def test_more_than_two_years_means_reaching_the_second_anniversary(
    first_day, last_day, days, more_than_two_years
):
    served = stretch(first_day, last_day)
    assert served.days == days
    assert served.lasts_more_than(2) is more_than_two_years


def test_a_period_continues_the_one_before_only_from_the_next_day():
    # The next period starts the day after the previous one ended: one stretch.
    joined = continuous_service(
        [(date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), date(2025, 1, 1))], CUTOFF
    )
    assert [(s.first_day, s.last_day) for s in joined.stretches] == [
        (date(2023, 1, 1), date(2025, 1, 1))
    ]
    assert joined.gaps == () and joined.lasts_more_than(2)
    # Two days later: 1 January 2024 nobody served, the service is broken.
    broken = continuous_service(
        [(date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 1, 2), date(2025, 1, 2))], CUTOFF
    )
    assert len(broken.stretches) == 2
    assert [(gap.first_day, gap.last_day, gap.days) for gap in broken.gaps] == [
        (date(2024, 1, 1), date(2024, 1, 1), 1)
    ]
    assert not broken.lasts_more_than(2)
    assert broken.days == 365 + 367


def test_overlaps_count_once_and_open_periods_count_to_the_cutoff():
    service = continuous_service(
        [(date(2024, 6, 1), None), (date(2024, 1, 1), date(2024, 9, 30)), (date(2027, 3, 1), None)],
        CUTOFF,
    )
    assert [(s.first_day, s.last_day) for s in service.stretches] == [
        (date(2024, 1, 1), date(2026, 12, 31))
    ]
    assert service.days == (date(2026, 12, 31) - date(2024, 1, 1)).days + 1
    assert service.whole_years == 3


def first_secretary(world, periods, applicant=None, **overrides):
    """A first secretary with the excellent assessments the channel asks for, four years in
    the current title (five needed) and eight professional years (ten needed)."""
    fields = {
        "channel": C.FIRST_SECRETARY,
        "current_title_obtained_on": date(2022, 7, 1),
        "professional_years": 8,
        "assessments": [
            {"year": year, "grade": AnnualAssessment.Grade.EXCELLENT} for year in (2024, 2025)
        ],
        "village_periods": [
            {"village": village, "started_on": first_day, "ended_on": last_day}
            for village, first_day, last_day in periods
        ],
    }
    fields.update(overrides)
    return world.create(applicant=applicant, **fields)


def findings_of(declaration):
    return {f.code: f for f in evaluate_eligibility(declaration)}


def test_continuous_periods_in_two_villages_open_the_channel(world):
    declaration = first_secretary(
        world,
        [
            ("甲村", date(2023, 3, 1), date(2024, 2, 29)),
            ("乙村", date(2024, 3, 1), date(2025, 3, 1)),
        ],
    )
    findings = findings_of(declaration)
    assert set(findings) == {"first_secretary_early"}
    early = findings["first_secretary_early"]
    assert not early.blocking
    assert early.evidence == {
        "periods": ["2023-03-01/2024-02-29", "2024-03-01/2025-03-01"],
        "counted_until": "2026-12-31",
        "longest_stretch": "2023-03-01/2025-03-01",
        "longest_stretch_days": 732,
        "required_until": "2025-03-01",
        "gaps": [],
        "village_years": 2,
        "consecutive_excellent_years": 2,
        "minimum_years": 2,
    }
    assert early.message_en == (
        "732 days in the village without a break (1 Mar 2023 to 1 Mar 2025), more than 2 years, "
        "with 2 excellent assessments in a row: may declare 1 year(s) early, and 2 years in the "
        "village count as professional years."
    )


def test_a_day_without_service_breaks_the_stretch(world):
    # Without 29 February 2024 nobody served, 1 March 2023 to 1 March 2025 would have done.
    declaration = first_secretary(
        world,
        [
            ("甲村", date(2023, 3, 1), date(2024, 2, 28)),
            ("乙村", date(2024, 3, 1), date(2025, 3, 1)),
        ],
    )
    findings = findings_of(declaration)
    # Not on the channel: the regular conditions apply, and block.
    assert set(findings) == {
        "village_service_interrupted",
        "years_since_current_title_short",
        "professional_years_short",
    }
    interrupted = findings["village_service_interrupted"]
    assert not interrupted.blocking
    assert interrupted.evidence["gaps"] == ["2024-02-29/2024-02-29"]
    assert interrupted.evidence["longest_stretch"] == "2024-03-01/2025-03-01"
    assert interrupted.evidence["longest_stretch_days"] == 366
    assert interrupted.evidence["required_until"] == "2026-03-01"
    assert interrupted.message_en == (
        "The village service is broken by days without service (29 Feb 2024 to 29 Feb 2024): "
        "the longest stretch without a break, 366 days from 1 Mar 2024 to 1 Mar 2025, does not "
        "reach 1 Mar 2026, as more than 2 years would; the regular conditions apply."
    )


def test_an_open_period_counts_to_the_cutoff_day_included(world):
    # From 31 December 2024 the second anniversary is the cut-off date itself.
    on_the_day = first_secretary(world, [("甲村", date(2024, 12, 31), None)])
    assert set(findings_of(on_the_day)) == {"first_secretary_early"}
    # From 1 January 2025 it would be 1 January 2027: a day short.
    day_short = first_secretary(
        world, [("甲村", date(2025, 1, 1), None)], applicant=world.school_applicant
    )
    findings = findings_of(day_short)
    short = findings["village_service_short"]
    assert not short.blocking
    assert short.evidence["longest_stretch"] == "2025-01-01/2026-12-31"
    assert short.evidence["longest_stretch_days"] == 730
    assert short.evidence["required_until"] == "2027-01-01"
    assert short.message_en == (
        "730 days in the village without a break, from 1 Jan 2025 to 31 Dec 2026: more than 2 "
        "years needs service up to 1 Jan 2027; the regular conditions apply."
    )
    assert findings["years_since_current_title_short"].blocking


def test_without_periods_the_old_whole_years_are_shown_and_not_counted(world):
    declaration = first_secretary(world, [])
    Declaration.objects.filter(pk=declaration.pk).update(village_service_years=3)
    declaration = Declaration.objects.get(pk=declaration.pk)
    missing = findings_of(declaration)["village_service_missing"]
    assert not missing.blocking
    assert missing.evidence["years_declared_before_periods"] == 3
    assert missing.evidence["village_years"] == 0
    assert "years_since_current_title_short" in findings_of(declaration)


def test_a_regular_channel_ignores_village_periods(world):
    declaration = world.create(
        village_periods=[{"village": "甲村", "started_on": date(2025, 1, 1), "ended_on": None}]
    )
    assert evaluate_eligibility(declaration) == []


def test_the_applicant_enters_the_periods_on_the_form(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    declaration = world.create(materials=False)
    client.force_login(world.applicant)
    page = client.get(f"/declarations/{declaration.pk}/edit/").content.decode()
    assert 'data-formset="village"' in page
    assert "Periods must follow one another without a day&#x27;s gap" in page

    def post(rows):
        data = {
            "title": world.senior.pk,
            "specialty": world.specialty.pk,
            "channel": "first_secretary",
            "education": "3",
            "current_title_level": "3",
            "current_title_name": "工程师",
            "current_title_obtained_on": "2019-07-01",
            "work_started_on": "2010-07-01",
            "professional_years": "16",
            "village-TOTAL_FORMS": str(len(rows)),
            "village-INITIAL_FORMS": "0",
        }
        for prefix in ("work", "assessments", "achievements"):
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        for index, row in enumerate(rows):
            for name, value in row.items():
                data[f"village-{index}-{name}"] = value
        return client.post(f"/declarations/{declaration.pk}/edit/", data)

    refused = post([{"village": "甲村", "started_on": "2024-03-01", "ended_on": "2024-02-01"}])
    assert refused.status_code == 200
    assert "Row 1: A period cannot end before it starts." in refused.content.decode()
    assert not declaration.village_periods.exists()

    saved = post(
        [
            {"village": "甲村", "started_on": "2023-03-01", "ended_on": "2024-02-29"},
            {"village": "乙村", "started_on": "2024-03-01", "ended_on": ""},
        ]
    )
    assert saved.status_code == 302
    assert [(p.village, p.started_on, p.ended_on) for p in declaration.village_periods.all()] == [
        ("甲村", date(2023, 3, 1), date(2024, 2, 29)),
        ("乙村", date(2024, 3, 1), None),
    ]
    detail = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "乙村" in detail and "still serving" in detail


def test_the_api_replaces_the_periods(world, api):
    declaration = world.create(channel=C.FIRST_SECRETARY)
    client = api(world.applicant)
    url = f"/api/v1/declarations/{declaration.pk}/"
    response = client.patch(
        url,
        {"village_periods": [{"village": "甲村", "started_on": "2024-12-31", "ended_on": None}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["village_periods"] == [
        {"village": "甲村", "started_on": "2024-12-31", "ended_on": None}
    ]
    refused = client.patch(
        url,
        {
            "village_periods": [
                {"village": "甲村", "started_on": "2024-12-31", "ended_on": "2024-01-01"}
            ]
        },
        format="json",
    )
    assert refused.status_code == 400
    assert declaration.village_periods.get().started_on == date(2024, 12, 31)


def test_village_years_count_as_professional_years(world):
    # Eight declared and two whole years in the village: ten, as the condition asks.
    declaration = first_secretary(world, [("甲村", date(2023, 6, 1), date(2025, 6, 1))])
    assert "professional_years_short" not in findings_of(declaration)
    services.update_declaration(declaration, actor=world.applicant, professional_years=7)
    assert "professional_years_short" in findings_of(Declaration.objects.get(pk=declaration.pk))
