"""The pure rule: the figures of domain.md's "Post quotas", and how each result explains
itself."""

from decimal import Decimal

import pytest
from django.utils import translation

from quotas.rule import Outcome, PostFigures, compute_quota

RULE = {"threshold_percent": 130, "freed_per_place": 2}


def figures(approved, hired, not_hired, *, retirement=0, transfer=0, other=0, approved_form=True):
    return PostFigures(
        approved=approved,
        hired=hired,
        not_hired=not_hired,
        freed_by_retirement=retirement,
        freed_by_transfer=transfer,
        freed_other=other,
        audit_form_approved=approved_form,
    )


def test_129_percent_with_seven_posts_freed_gives_three_places():
    result = compute_quota(figures(100, 100, 29, retirement=4, transfer=2, other=1), **RULE)

    assert result.outcome == Outcome.TRANSITIONAL
    assert result.places == 3
    assert result.ratio_percent == Decimal("129.00")
    with translation.override("en"):
        text = " ".join(result.explanation())
    assert "Ratio = 129 ÷ 100 = 129.00%" in text
    assert "Posts freed in the statistics window: 7 (retirement 4 + transfer 2 + other 1)" in text
    assert "Places = ⌊7 ÷ 2⌋ = 3" in text


def test_131_percent_suspends_the_level_whatever_was_freed():
    result = compute_quota(figures(100, 100, 31, retirement=7), **RULE)

    assert result.outcome == Outcome.SUSPENDED
    assert result.places == 0
    with translation.override("en"):
        assert "131.00% is above 130%" in " ".join(result.explanation())


def test_90_percent_gives_the_vacant_posts():
    result = compute_quota(figures(100, 85, 5, retirement=7), **RULE)

    assert result.outcome == Outcome.VACANT_POSTS
    assert result.places == 15
    with translation.override("en"):
        assert "100 − 85 = 15" in " ".join(result.explanation())


@pytest.mark.parametrize(
    ("not_hired", "outcome", "places"),
    [
        (0, Outcome.VACANT_POSTS, 0),  # 100%
        (1, Outcome.TRANSITIONAL, 3),  # 110%
        (3, Outcome.TRANSITIONAL, 3),  # 130%
        (4, Outcome.SUSPENDED, 0),  # 140%
    ],
)
def test_the_boundaries_100_and_130_percent_belong_to_the_lower_band(not_hired, outcome, places):
    result = compute_quota(figures(10, 10, not_hired, retirement=7), **RULE)

    assert (result.outcome, result.places) == (outcome, places)


def test_threshold_and_divisor_are_settings_passed_in():
    result = compute_quota(
        figures(100, 100, 35, retirement=9), threshold_percent=140, freed_per_place=3
    )

    assert (result.outcome, result.places) == (Outcome.TRANSITIONAL, 3)


def test_without_an_approved_audit_form_there_is_no_quota():
    unapproved = compute_quota(figures(100, 50, 0, approved_form=False), **RULE)
    missing = compute_quota(None, **RULE)

    assert (unapproved.outcome, unapproved.places) == (Outcome.NO_AUDIT_FORM, 0)
    assert (missing.outcome, missing.places) == (Outcome.NO_AUDIT_FORM, 0)
    with translation.override("en"):
        assert "audit form has not been approved" in unapproved.explanation()[0]
        assert "No post data" in missing.explanation()[0]


def test_no_approved_posts_gives_no_places_and_qualified_people_without_posts_suspend():
    empty = compute_quota(figures(0, 0, 0), **RULE)
    crowded = compute_quota(figures(0, 0, 2), **RULE)

    assert (empty.outcome, empty.places, empty.ratio_percent) == (Outcome.VACANT_POSTS, 0, None)
    assert (crowded.outcome, crowded.places) == (Outcome.SUSPENDED, 0)
