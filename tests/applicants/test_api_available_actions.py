"""The API's `available_actions` and `blocked_actions` are the page's offer: the same moves
available, the same held back with the same reason and day, for every person and state."""

import re
from html import unescape

import pytest

from applicants.declaration_page import ACTIONS
from tests.applicants.declaration_states import blocked, offered, page, person, states


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_api_lists_the_moves_the_page_offers_and_holds_back(world, client, api):
    compared = 0
    for what, declaration, people in states(world):
        for who in people:
            user = person(world, declaration, who)
            html = page(client, user, declaration)
            body = api(user).get(f"/api/v1/declarations/{declaration.pk}/").json()
            available = [name for name in body["available_actions"] if name in ACTIONS]
            held = [move for move in body["blocked_actions"] if move["action"] in ACTIONS]
            assert available == offered(html), (what, who)
            assert [move["action"] for move in held] == blocked(html), (what, who)
            for move in held:
                item = html[html.index(f'id="blocked-{move["action"]}"') :]
                item = item[: item.index("</li>")]
                shown = re.sub(r"\s+", " ", unescape(item))
                assert move["reason"] in shown, (what, who, move)
                assert (move["opens_on"] is not None) == ("opens on" in shown), (what, who)
            compared += 1
    assert compared >= 15
