"""A button's form names the page it stands on (`next`); after the action the person goes back
there, but never to an address on another site."""

import pytest
from django.test import RequestFactory

from core.pages import next_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/continuing-education/review/?page=2", "/continuing-education/review/?page=2"),
        ("https://elsewhere.example/phish", "/default/"),
        ("//elsewhere.example/phish", "/default/"),
        ("", "/default/"),
    ],
)
def test_the_next_page_is_one_of_ours_or_the_default(given, expected):
    request = RequestFactory().post("/anything/", {"next": given})

    assert next_url(request, "/default/") == expected
