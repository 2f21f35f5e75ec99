"""An empty roll call says why and what to do: only experts who signed their commitment can
be marked present, so before anyone has, the page explains instead of showing an empty form."""

import pytest

from tests.juries.conftest import JuryWorld


@pytest.fixture
def world(demo, monkeypatch):
    return JuryWorld(demo, monkeypatch)


def test_nobody_signed_yet_is_explained(world, client):
    meeting = world.drawn()
    world.on_meeting_day(meeting)
    client.cookies["django_language"] = "en"
    client.force_login(world.office)
    page = client.get(f"/juries/meetings/{meeting.pk}/panel/").content.decode()
    assert "Roll call" in page
    assert 'id="attendance-empty"' in page
    assert "signing the review-discipline commitment" in page
    assert "Record attendance" not in page
