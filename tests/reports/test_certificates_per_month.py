"""Certificates issued per month: first issues by month, reissues by the month of the
reissue, months without any in between shown as zero, and how many were revoked since."""

from datetime import date

from tests.reports.conftest import S, figure, figures_for


def test_certificates_are_counted_by_the_month_they_were_issued(world):
    def certified(plan, employer):
        return world.declaration(plan, employer, S.CERTIFIED)

    world.certificate(certified(world.plan_a, world.hospital), date(2027, 1, 10))
    world.certificate(certified(world.plan_a, world.hospital), date(2027, 1, 31), revoked=True)
    world.certificate(
        certified(world.plan_a, world.enterprise), date(2027, 1, 15), reissued_on=date(2027, 4, 2)
    )
    world.certificate(certified(world.plan_a, world.enterprise), date(2027, 3, 1))
    world.certificate(certified(world.plan_b, world.school), date(2027, 2, 1))  # city B
    world.certificate(certified(world.plan_a_2025, world.hospital), date(2026, 2, 1))  # 2025

    certificates = figure(figures_for(world.bureau_a, year=2026), "certificates")

    # (month, issued, reissued, revoked since)
    assert certificates.rows == [
        ("2027-01", 3, 0, 1),
        ("2027-02", 0, 0, 0),
        ("2027-03", 1, 0, 0),
        ("2027-04", 0, 1, 0),
    ]
    assert certificates.summary == "4 certificates issued, 1 reissued."
    assert certificates.chart["horizontal"] is False
    assert certificates.chart["labels"] == ["2027-01", "2027-02", "2027-03", "2027-04"]


def test_the_province_counts_every_city(world):
    world.certificate(
        world.declaration(world.plan_a, world.hospital, S.CERTIFIED), date(2027, 1, 10)
    )
    world.certificate(world.declaration(world.plan_b, world.school, S.CERTIFIED), date(2027, 1, 20))

    certificates = figure(figures_for(world.admin, year=2026), "certificates")

    assert certificates.rows == [("2027-01", 2, 0, 0)]


def test_no_certificates_no_rows(world):
    certificates = figure(figures_for(world.bureau_a, year=2026), "certificates")

    assert certificates.rows == []
    assert certificates.summary == "0 certificates issued, 0 reissued."
