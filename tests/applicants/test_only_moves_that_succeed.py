"""The declaration's page offers a move only when the server would take it: each move offered
to each person at each state, posted as the page asks for it, is accepted (each tried alone,
then undone)."""

import pytest
from django.db import transaction

from applicants.models import Declaration
from tests.applicants.declaration_states import filled_form, offered, page, person, states


class _Undo(Exception):
    pass


def _accepted(client, declaration, name) -> tuple[int, str]:
    """Post the move, note the answer and the new state, and undo it all."""
    seen = {}
    try:
        with transaction.atomic():
            response = client.post(f"/declarations/{declaration.pk}/act/{name}/", filled_form(name))
            seen["code"] = response.status_code
            seen["status"] = Declaration.objects.get(pk=declaration.pk).status
            raise _Undo
    except _Undo:
        pass
    return seen["code"], seen["status"]


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    settings.LANGUAGE_CODE = "en"


def test_every_move_offered_in_every_state_is_accepted(world, client):
    tried = set()
    for what, declaration, people in states(world):
        for who in people:
            for name in offered(page(client, person(world, declaration, who), declaration)):
                code, status = _accepted(client, declaration, name)
                assert (what, who, name, code) == (what, who, name, 302)
                assert status != declaration.status, (what, who, name)
                tried.add(name)
    # Every move of the page's own was offered somewhere.
    assert tried >= {
        "submit",
        "withdraw",
        "start_publicity",
        "return",
        "recommend",
        "department_approve",
        "start_check",
        "qualify",
        "reject",
        "request_correction",
        "resubmit",
        "deem_withdrawn",
    }
