"""The demo's declarations: one at each stage, made through the services with every app's
checks and effects in place, leaving each demo role something to do."""

import pytest

from applicants.models import Declaration
from audit.services import find_chain_break
from core.todo import todo_items
from fixtures.demo_declarations import PEOPLE, load_demo_declarations

S = Declaration.Status


@pytest.fixture
def _only_declaration_checks():
    """Unlike the other tests here, the demo must pass every app's checks."""


def test_the_demo_declarations_reach_their_stages(demo):
    declarations = load_demo_declarations(demo)
    assert [d.status for d in declarations] == [stage for *_rest, stage in PEOPLE]
    assert find_chain_break() is None
    assert not Declaration.objects.filter(applicant=demo["users"]["applicant"]).exists()
    for role in ("employer", "hospital_hr", "department", "office"):
        membership = demo["users"][role].memberships.get()
        assert [i for i in todo_items(membership) if i.url.startswith("/declarations/")], role
