"""The unit publicity: a window of working days from the plan, a notice its unit's members
see, objections recorded and resolved before the unit may recommend."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from applicants import services
from applicants.models import Declaration
from titles.working_days import publicity_window

S = Declaration.Status


@pytest.fixture
def colleague(world):
    return world.new_applicant("colleague", 1)


@pytest.fixture
def in_publicity(world):
    return world.advance(world.create(), S.IN_UNIT_PUBLICITY)


def test_the_window_counts_the_plans_working_days(world, in_publicity):
    publicity = in_publicity.publicities.get()
    assert publicity.starts_on == date.today()
    assert publicity.working_days == world.plan.unit_publicity_working_days
    # The same rule as the result publicity: the first day counts when it is a working day.
    assert (
        publicity.ends_on
        == publicity_window(date.today(), world.plan.unit_publicity_working_days).end
    )


def test_the_notice_is_visible_to_the_units_members_only(world, api, in_publicity, colleague):
    notices = api(colleague).get("/api/v1/unit-publicities/").data["results"]
    assert [(n["applicant_name"], n["title_name"]) for n in notices] == [("张伟", "高级工程师")]
    assert api(world.school_applicant).get("/api/v1/unit-publicities/").data["count"] == 0
    assert api(world.school_hr).get("/api/v1/unit-publicities/").data["count"] == 0


def test_an_open_objection_blocks_the_recommendation_until_resolved(
    world, api, in_publicity, colleague
):
    publicity = in_publicity.publicities.get()
    raised = api(colleague).post(
        f"/api/v1/unit-publicities/{publicity.pk}/objections/",
        {"content": "论文系他人代写"},
        format="json",
    )
    assert raised.status_code == 201, raised.data
    world.end_publicity(in_publicity)
    # The API request above left its own (Chinese) language active in this thread.
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="Resolve every objection"),
    ):
        services.recommend_declaration(in_publicity, actor=world.employer, commitment=True)

    hr = api(world.employer)
    objection_id = raised.data["id"]
    assert (
        api(colleague)
        .post(
            f"/api/v1/publicity-objections/{objection_id}/resolve/",
            {"resolution": "x", "upheld": False},
            format="json",
        )
        .status_code
        == 404
    )
    resolved = hr.post(
        f"/api/v1/publicity-objections/{objection_id}/resolve/",
        {"resolution": "经核实，论文为本人独立完成", "upheld": False},
        format="json",
    )
    assert resolved.status_code == 200, resolved.data
    recommended = services.recommend_declaration(
        in_publicity, actor=world.employer, commitment=True
    )
    assert recommended.status == S.RECOMMENDED


def test_an_upheld_objection_means_returning_not_recommending(world, in_publicity, colleague):
    objection = services.raise_publicity_objection(
        in_publicity.publicities.get(), actor=colleague, content="年度考核造假"
    )
    services.resolve_publicity_objection(
        objection, actor=world.employer, resolution="属实", upheld=True
    )
    world.end_publicity(in_publicity)
    with pytest.raises(ValidationError, match="upheld"):
        services.recommend_declaration(in_publicity, actor=world.employer, commitment=True)
    returned = services.return_declaration(
        in_publicity, actor=world.employer, reason="公示异议属实"
    )
    assert returned.status == S.RETURNED


def test_objections_outside_the_unit_or_the_window_are_refused(world, in_publicity, colleague):
    publicity = in_publicity.publicities.get()
    with pytest.raises(PermissionDenied):
        services.raise_publicity_objection(publicity, actor=world.school_applicant, content="x")
    with pytest.raises(PermissionDenied):
        services.raise_publicity_objection(publicity, actor=world.applicant, content="x")
    world.end_publicity(in_publicity)
    with pytest.raises(ValidationError, match="not running"):
        services.raise_publicity_objection(publicity, actor=colleague, content="太晚了")
    assert not publicity.objections.exists()


def test_recommending_needs_the_units_commitment(world, in_publicity):
    world.end_publicity(in_publicity)
    with pytest.raises(ValidationError, match="commitment"):
        services.recommend_declaration(in_publicity, actor=world.employer, commitment=False)
    recommended = services.recommend_declaration(
        in_publicity, actor=world.employer, commitment=True
    )
    assert recommended.unit_commitment_by == world.employer
    assert recommended.unit_commitment_at is not None
