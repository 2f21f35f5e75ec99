"""Objections raised in a unit publicity, and their resolution, are decisions in the audit
chain that name the objection and the people who raised and resolved it."""

import pytest

from accounts.models import Role
from applicants import eligibility, services
from applicants.models import Declaration
from audit.selectors import records_about
from tests.applicants.conftest import World

from .conftest import assert_chain_verifies


@pytest.fixture
def world(demo, monkeypatch):
    # The declaration's own conditions only: hours and quotas are not what this is about.
    own = [c for c in eligibility._CHECKS if c.__module__ == "applicants.eligibility_checks"]
    monkeypatch.setattr(eligibility, "_CHECKS", own)
    return World(demo)


def test_raising_and_resolving_an_objection_are_recorded_with_who_and_why(world, new_records):
    declaration = world.advance(world.create(), Declaration.Status.IN_UNIT_PUBLICITY)
    colleague = world.new_applicant("colleague", 1)
    before = len(new_records())

    objection = services.raise_publicity_objection(
        declaration.publicities.get(), actor=colleague, content="年度考核造假"
    )
    services.resolve_publicity_objection(
        objection, actor=world.employer, resolution="经核实不属实", upheld=False
    )

    raised, resolved = new_records()[before:]
    assert (raised.action, raised.actor, raised.role, raised.reason) == (
        "raise_objection",
        colleague,
        Role.APPLICANT,
        "年度考核造假",
    )
    assert (resolved.action, resolved.actor, resolved.role, resolved.reason) == (
        "resolve_objection",
        world.employer,
        Role.EMPLOYER_HR,
        "经核实不属实",
    )
    assert resolved.organization == world.employer.memberships.get().organization
    assert raised.declaration == resolved.declaration == declaration
    assert list(records_about(objection)) == [raised, resolved]
    assert_chain_verifies()
