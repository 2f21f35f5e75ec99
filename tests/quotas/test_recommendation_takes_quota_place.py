"""The declaration workflow takes a quota place when the unit recommends and gives it back
when the declaration is returned, withdrawn or rejected."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from applicants.models import Declaration
from applicants.workflow import perform_transition
from quotas.models import PostLevel, Reservation

S = Declaration.Status


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def recommend(world, declaration, hr):
    return perform_transition(declaration, "recommend", actor=hr, commitment=True)


def test_recommending_takes_a_place_and_the_last_free_one_refuses_the_next(world):
    school_hr = world.users["school_hr"]
    world.post_data(world.school, approved=40, hired=39)  # one vacant post
    first = world.ready_to_recommend(world.school)
    second = world.ready_to_recommend(world.school)

    recommend(world, first, school_hr)
    with pytest.raises(ValidationError) as refused:
        recommend(world, second, school_hr)

    second.refresh_from_db()
    assert Declaration.objects.get(pk=first.pk).status == S.RECOMMENDED
    assert second.status == S.IN_UNIT_PUBLICITY
    assert "is used up: 1 of 1 places are taken" in " ".join(refused.value.messages)
    assert Reservation.active.get().declaration_id == first.pk


def test_no_approved_audit_form_blocks_recommendation(world):
    school_hr = world.users["school_hr"]
    world.post_data(world.school, approved=40, hired=10, approved_form=False)
    declaration = world.ready_to_recommend(world.school)

    with pytest.raises(ValidationError) as refused:
        recommend(world, declaration, school_hr)

    declaration.refresh_from_db()
    assert declaration.status == S.IN_UNIT_PUBLICITY
    assert "has no approved post-appointment audit form for 2026" in " ".join(
        refused.value.messages
    )
    assert not Reservation.objects.exists()


def test_withdrawing_a_recommended_declaration_frees_its_place(world):
    school_hr = world.users["school_hr"]
    world.post_data(world.school, approved=40, hired=39)
    first = world.ready_to_recommend(world.school)
    second = world.ready_to_recommend(world.school)
    recommend(world, first, school_hr)

    perform_transition(first, "withdraw", actor=first.applicant)
    recommend(world, second, school_hr)

    assert Reservation.active.get().declaration_id == second.pk
    assert Reservation.objects.get(declaration=first).release_reason == "withdraw"


def test_rejection_by_the_office_gives_the_place_back(world):
    world.post_data(world.school, approved=40, hired=39)
    declaration = world.ready_to_recommend(world.school)
    recommend(world, declaration, world.users["school_hr"])

    perform_transition(declaration, "reject", actor=world.users["office"], reason="材料不实")

    assert not Reservation.active.exists()
    assert Reservation.objects.get().release_reason == "reject"


def test_a_department_return_gives_the_place_back(world):
    world.post_data(world.hospital, approved=40, hired=39)
    declaration = world.ready_to_recommend(world.hospital)
    recommended = recommend(world, declaration, world.users["hospital_hr"])
    assert recommended.status == S.DEPARTMENT_REVIEW
    assert Reservation.active.get().quota.post_level == PostLevel.DEPUTY_SENIOR

    perform_transition(
        declaration,
        "return",
        actor=world.users["department"],
        reason="补充材料",
        items=[{"section": "materials", "problem": "缺少年度考核表"}],
    )

    assert not Reservation.active.exists()


def test_a_qualified_declaration_keeps_its_place(world):
    world.post_data(world.school, approved=40, hired=39)
    declaration = world.ready_to_recommend(world.school)
    recommend(world, declaration, world.users["school_hr"])

    perform_transition(declaration, "start_check", actor=world.users["office"])

    assert Reservation.active.get().declaration_id == declaration.pk
