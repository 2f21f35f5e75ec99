from decimal import Decimal

from continuing_ed.models import SubjectKind
from continuing_ed.requirement import requirement_status

GENERAL = SubjectKind.GENERAL


def test_89_5_certified_hours_fail_a_90_hour_year_and_90_pass(applicant, certified_hours):
    certified_hours(applicant, 2024, "60")
    certified_hours(applicant, 2024, "29.5", GENERAL)
    certified_hours(applicant, 2025, "60")
    certified_hours(applicant, 2025, "30", GENERAL)

    short, met = requirement_status(applicant, [2024, 2025])

    assert short.total == Decimal("89.5")
    assert not short.meets
    assert short.shortfalls() == [("any", Decimal("0.5"))]
    assert met.total == Decimal("90")
    assert met.meets
    assert met.shortfalls() == []


def test_60_hours_with_38_professional_fail_the_two_thirds_rule(
    applicant, certified_hours, settings
):
    # A 60-hour year isolates the share rule: the total is met, two thirds of it is not.
    settings.CONTINUING_EDUCATION_HOURS_PER_YEAR = "60"
    certified_hours(applicant, 2025, "38")
    certified_hours(applicant, 2025, "22", GENERAL)

    (year,) = requirement_status(applicant, [2025])

    assert year.total == Decimal("60")
    assert year.missing_total == 0
    assert not year.meets
    assert year.shortfalls() == [("professional", Decimal("2"))]


def test_the_default_rule_asks_for_90_hours_of_which_60_professional(applicant, certified_hours):
    certified_hours(applicant, 2025, "38")
    certified_hours(applicant, 2025, "22", GENERAL)

    (year,) = requirement_status(applicant, [2025])

    assert year.as_dict()["required_professional"] == "60"
    assert year.shortfalls() == [("professional", Decimal("22")), ("any", Decimal("8"))]


def test_uncertified_and_rejected_hours_do_not_count(applicant, certified_hours, employer_hr):
    from continuing_ed.services import reject_hours

    certified_hours(applicant, 2025, "60", certify=False)
    rejected = certified_hours(applicant, 2025, "30", GENERAL, certify=False)
    reject_hours(actor=employer_hr, record=rejected, reason="证书无法核实")

    (year,) = requirement_status(applicant, [2025])

    assert year.total == 0
    assert year.pending == Decimal("60")
    assert not year.meets
    assert year.missing_total == Decimal("90")


def test_zhejiang_floors_of_60_professional_and_18_general(applicant, certified_hours, settings):
    settings.CONTINUING_EDUCATION_MIN_PROFESSIONAL_HOURS = "60"
    settings.CONTINUING_EDUCATION_MIN_GENERAL_HOURS = "18"
    certified_hours(applicant, 2024, "72")
    certified_hours(applicant, 2024, "18", GENERAL)
    certified_hours(applicant, 2025, "80")
    certified_hours(applicant, 2025, "10", GENERAL)

    met, short = requirement_status(applicant, [2024, 2025])

    assert met.meets
    assert not short.meets
    assert short.total == Decimal("90")
    assert short.shortfalls() == [("general", Decimal("8"))]


def test_years_without_records_are_reported_as_wholly_missing(applicant):
    statuses = requirement_status(applicant, range(2021, 2024))

    assert [status.year for status in statuses] == [2021, 2022, 2023]
    assert all(status.missing_total == Decimal("90") for status in statuses)
