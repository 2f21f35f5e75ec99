"""Quota use per public institution and post level: approved posts, the posts occupied, the
declaration places the quota rule gives, and the places reserved. Offices have no quota
figure: post quotas are the institutions' and the bureaus' business."""

from quotas.models import PostLevel
from tests.reports.conftest import S, figure, figures_for, table


def test_approved_occupied_places_and_reservations_per_institution_and_level(world):
    # Hospital: deputy senior 40 posts, 36 hired, 2 qualified not hired → 4 vacant places;
    # intermediate 10 posts, 10 hired + 5 not hired = 150% → suspended.
    world.post_data(
        world.hospital, 2026, PostLevel.DEPUTY_SENIOR, approved=40, hired=36, not_hired=2
    )
    world.post_data(
        world.hospital, 2026, PostLevel.INTERMEDIATE, approved=10, hired=10, not_hired=5
    )
    world.post_data(world.hospital, 2025, PostLevel.DEPUTY_SENIOR, approved=99, hired=0)
    world.post_data(world.school, 2026, PostLevel.DEPUTY_SENIOR, approved=20, hired=20)
    for declaration in world.declarations(3, world.plan_a, world.hospital, S.RECOMMENDED):
        world.reserve(declaration)

    quotas = figure(figures_for(world.bureau_a, year=2026), "quotas")

    # (institution, level, approved, occupied, vacant, outcome, places, reserved, left)
    assert quotas.rows == [
        ("甲市人民医院", "Deputy senior posts", 40, 36, 4, "Within approved posts", 4, 3, 1),
        ("甲市人民医院", "Intermediate posts", 10, 10, 0, "Suspended", 0, 0, 0),
    ]  # the school is city B's; 2025 is another year
    assert quotas.summary == "50 approved posts; 3 of 4 declaration places reserved."
    assert [d["label"] for d in quotas.chart["datasets"]] == [
        "Approved posts",
        "Occupied",
        "Declaration places",
        "Places reserved",
    ]
    assert quotas.chart["labels"] == [
        "甲市人民医院 · Deputy senior posts",
        "甲市人民医院 · Intermediate posts",
    ]


def test_the_province_sees_every_institution_most_used_first(world):
    world.post_data(world.school, 2026, PostLevel.DEPUTY_SENIOR, approved=20, hired=10)
    world.post_data(world.hospital, 2026, PostLevel.DEPUTY_SENIOR, approved=40, hired=30)
    world.reserve(world.declaration(world.plan_b, world.school, S.RECOMMENDED))

    quotas = figure(figures_for(world.admin, year=2026), "quotas")

    assert [row[0] for row in quotas.rows] == ["乙市第一中学", "甲市人民医院"]
    assert table(quotas)["乙市第一中学"][6] == 1


def test_a_released_reservation_no_longer_counts(world):
    world.post_data(world.hospital, 2026, PostLevel.DEPUTY_SENIOR, approved=40, hired=30)
    reservation = world.reserve(world.declaration(world.plan_a, world.hospital, S.RETURNED))
    reservation.released_at = reservation.reserved_at
    reservation.save()

    quotas = figure(figures_for(world.bureau_a, year=2026), "quotas")

    assert table(quotas)["甲市人民医院"][6] == 0


def test_an_office_has_no_quota_figure(world):
    world.post_data(world.hospital, 2026, PostLevel.DEPUTY_SENIOR, approved=40, hired=30)

    keys = [f.key for f in figures_for(world.office_a, year=2026)]

    assert "quotas" not in keys
    assert "stages" in keys and "certificates" in keys
