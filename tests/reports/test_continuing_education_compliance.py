"""Continuing-education compliance: the share of people whose certified hours of the year meet
the yearly requirement (continuing_ed.requirement), per unit. A bureau counts everyone with
an applicant account below it; an office the applicants of its plans."""

from continuing_ed.models import CreditHourRecord
from tests.reports.conftest import S, figure, figures_for, table


def test_a_bureau_counts_the_people_of_its_units_against_the_yearly_rule(world, settings):
    settings.CONTINUING_EDUCATION_HOURS_PER_YEAR = "90"
    settings.CONTINUING_EDUCATION_PROFESSIONAL_SHARE = "2/3"
    meets = world.person(world.hospital)
    world.hours(meets, 2026, 60, 30)
    short_of_professional = world.person(world.hospital)  # 90 hours, but only 50 professional
    world.hours(short_of_professional, 2026, 50, 40)
    claimed_only = world.person(world.hospital)  # claimed hours do not count
    world.hours(claimed_only, 2026, 60, 30, status=CreditHourRecord.Status.CLAIMED)
    last_year = world.person(world.enterprise)  # the hours of another year do not count
    world.hours(last_year, 2025, 60, 30)
    world.person(world.enterprise)  # no hours at all
    world.hours(world.person(world.enterprise), 2026, 100, 0)  # total 100, professional ≥ 60
    world.hours(world.person(world.school), 2026, 60, 30)  # city B

    compliance = figure(figures_for(world.bureau_a, year=2026), "continuing-education")

    # (people, meeting, short, share)
    assert table(compliance) == {
        "甲市人民医院": (3, 1, 2, 0.3333),
        "甲市交通集团": (3, 1, 2, 0.3333),
    }
    assert compliance.summary == "2 of 6 people (33.3%) met the requirement in 2026."
    assert "at least 90 certified hours, of which at least 60 in professional subjects" in (
        compliance.note
    )


def test_the_rule_comes_from_settings(world, settings):
    settings.CONTINUING_EDUCATION_HOURS_PER_YEAR = "72"
    settings.CONTINUING_EDUCATION_PROFESSIONAL_SHARE = "1/2"
    world.hours(world.person(world.hospital), 2026, 40, 32)

    compliance = figure(figures_for(world.bureau_a, year=2026), "continuing-education")

    assert table(compliance) == {"甲市人民医院": (1, 1, 0, 1.0)}


def test_an_office_counts_the_applicants_of_its_plans(world):
    counted = world.declaration(world.plan_a, world.enterprise, S.QUALIFIED)
    world.hours(counted.applicant, 2026, 60, 30)
    world.declaration(world.plan_a, world.enterprise, S.QUALIFIED)  # no hours
    world.declaration(world.plan_a, world.hospital, S.SUBMITTED, forwarded=False)  # not here yet
    world.person(world.enterprise)  # no declaration: not the office's
    world.declaration(world.plan_b, world.school, S.QUALIFIED)  # another office's plan

    compliance = figure(figures_for(world.office_a, year=2026), "continuing-education")

    assert table(compliance) == {"甲市交通集团": (2, 1, 1, 0.5)}
