"""Taking and giving back quota places, straight on the service that the recommendation
move calls."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from quotas.models import PostLevel, Reservation
from quotas.services import choose_double_orientation, release_place, reserve_place
from titles.models import Level


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_each_recommendation_takes_one_place_until_the_quota_is_used_up(world):
    institution = world.institution()
    world.post_data(institution, approved=10, hired=8)  # 80%: 2 vacant posts
    first, second, third = (world.declaration(institution) for _ in range(3))

    assert reserve_place(first).quota.places == 2
    reserve_place(second)
    with pytest.raises(ValidationError) as refused:
        reserve_place(third)

    assert refused.value.messages == [
        "The 2026 declaration quota of 示范市测试事业单位 for Deputy senior posts is used up: "
        "2 of 2 places are taken."
    ]
    assert Reservation.active.filter(quota__institution=institution).count() == 2


def test_releasing_a_reservation_frees_the_unit(world):
    institution = world.institution()
    world.post_data(institution, approved=10, hired=9)  # one vacant post
    holder, waiting = world.declaration(institution), world.declaration(institution)
    reserve_place(holder)
    with pytest.raises(ValidationError):
        reserve_place(waiting)

    released = release_place(holder, reason="withdraw")

    assert released.released_at is not None and released.release_reason == "withdraw"
    assert reserve_place(waiting).declaration == waiting
    assert release_place(holder) is None  # nothing left to give back


def test_a_declaration_holds_at_most_one_place(world):
    institution = world.institution()
    world.post_data(institution, approved=10, hired=5)
    declaration = world.declaration(institution)

    assert reserve_place(declaration) == reserve_place(declaration)
    assert Reservation.objects.filter(declaration=declaration).count() == 1


def test_without_an_approved_audit_form_nothing_can_be_reserved(world):
    filed = world.institution("示范市未审批医院")
    world.post_data(filed, approved=10, hired=2, approved_form=False)
    unfiled = world.institution("示范市未报送学校")

    with pytest.raises(ValidationError) as not_approved:
        reserve_place(world.declaration(filed))
    with pytest.raises(ValidationError) as not_filed:
        reserve_place(world.declaration(unfiled))

    assert "示范市未审批医院 has no approved post-appointment audit form for 2026" in str(
        not_approved.value
    )
    assert "示范市未报送学校 has no approved post-appointment audit form" in str(not_filed.value)
    assert not Reservation.objects.exists()


def test_a_suspended_level_refuses_with_the_ratio(world):
    institution = world.institution()
    world.post_data(institution, approved=100, hired=100, not_hired=31, retirement=9)

    with pytest.raises(ValidationError) as refused:
        reserve_place(world.declaration(institution))

    assert "qualified people are 131.00% of the approved posts, above 130%" in str(refused.value)


def test_the_transitional_band_gives_one_place_per_two_posts_freed(world):
    institution = world.institution()
    world.post_data(institution, approved=100, hired=100, not_hired=29, retirement=4, transfer=3)
    declarations = [world.declaration(institution) for _ in range(4)]

    for declaration in declarations[:3]:
        reserve_place(declaration)
    with pytest.raises(ValidationError, match="3 of 3 places are taken"):
        reserve_place(declarations[3])


def test_enterprises_youth_aid_talents_and_lower_levels_are_not_limited(world):
    limited = world.institution()  # no post data at all: every limited declaration is refused

    assert reserve_place(world.declaration(world.enterprise)) is None
    assert reserve_place(world.declaration(limited, channel="youth_aid")) is None
    assert reserve_place(world.declaration(limited, level=Level.ASSISTANT)) is None
    with pytest.raises(ValidationError):
        reserve_place(world.declaration(limited, level=Level.INTERMEDIATE))


def test_each_title_level_draws_from_its_own_post_level(world):
    institution = world.institution()
    world.post_data(institution, PostLevel.FULL_SENIOR, approved=5, hired=4)
    world.post_data(institution, PostLevel.DEPUTY_SENIOR, approved=5, hired=5)

    full = reserve_place(world.declaration(institution, level=Level.FULL_SENIOR))
    with pytest.raises(ValidationError, match="Deputy senior posts is used up: 0 of 0"):
        reserve_place(world.declaration(institution, level=Level.DEPUTY_SENIOR))

    assert full.quota.post_level == PostLevel.FULL_SENIOR


def test_double_orientation_declarations_draw_from_their_own_pool(world):
    institution = world.institution()
    hr = world.hr_staff(institution, "grassroots_hr")
    world.post_data(institution, PostLevel.DEPUTY_SENIOR, approved=5, hired=5)  # none vacant
    world.post_data(institution, PostLevel.DOUBLE_ORIENTATION, approved=3, hired=2)
    declaration = world.declaration(institution)

    choose_double_orientation(actor=hr, declaration=declaration, chosen=True)
    reservation = reserve_place(declaration)

    assert reservation.quota.post_level == PostLevel.DOUBLE_ORIENTATION
    with pytest.raises(ValidationError, match="already holds a place"):
        choose_double_orientation(actor=hr, declaration=declaration, chosen=False)


def test_only_the_declaring_units_staff_choose_the_double_orientation_pool(world):
    institution = world.institution()
    declaration = world.declaration(institution)

    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        choose_double_orientation(
            actor=world.users["hospital_hr"], declaration=declaration, chosen=True
        )
