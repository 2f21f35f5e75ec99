"""The declaration's page lists the moves one can make as folds under their names, so that
it reads as a short list instead of a wall of forms: one fold starts open, the first move
that is not destructive, or the one just refused, with its errors."""

import re

import pytest

from applicants.models import Declaration

S = Declaration.Status


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    settings.LANGUAGE_CODE = "en"


def folds(html) -> dict[str, bool]:
    """Each move's fold: open or not."""
    return {
        name: opened is not None and "open" in opened
        for opened, name in re.findall(
            r'<details class="action-fold[^"]*"( open)?>\s*<summary>[^<]*</summary>\s*'
            r'<form[^>]*id="action-([a-z_]+)"',
            html,
        )
    }


def test_the_first_gentle_move_is_open_and_the_others_are_folded(world, client):
    declaration = world.advance(world.create(), S.QUALIFICATION_CHECK)
    client.force_login(world.office)
    shown = folds(client.get(f"/declarations/{declaration.pk}/").content.decode())
    assert len(shown) >= 3, shown
    assert [name for name, opened in shown.items() if opened] == [next(iter(shown))]
    assert not shown["reject"]


def test_a_refused_move_comes_back_open_with_its_errors(world, client):
    declaration = world.advance(world.create(), S.RECOMMENDED)
    client.force_login(world.office)
    refused = client.post(f"/declarations/{declaration.pk}/act/reject/", {"reject-reason": " "})
    html = refused.content.decode()
    shown = folds(html)
    assert [name for name, opened in shown.items() if opened] == ["reject"]
    assert "Give the reason." in html
