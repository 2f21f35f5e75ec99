"""Scores say their scale: the expert's score inputs and the office's scores table show each
criterion's weight and its 0–maximum range, so that a criterion weighted 10% scored on 0–100
is never a guess."""

import pytest
from django.conf import settings

from tests.juries.conftest import JuryWorld


@pytest.fixture
def world(demo, monkeypatch):
    return JuryWorld(demo, monkeypatch)


def test_the_scores_table_states_weights_and_scale(world, client):
    meeting = world.drawn()
    client.cookies["django_language"] = "en"
    client.force_login(world.office)
    page = client.get(f"/juries/meetings/{meeting.pk}/scores/").content.decode()
    assert 'id="scoring-scale"' in page
    top = settings.JURY_SCORE_MAX
    assert f"Every criterion is scored from 0 to {top}." in page
    for _code, _zh, english, weight in settings.JURY_SCORING_RUBRICS["default"]:
        assert english in page
        assert f"{weight}%" in page
    assert f"0–{top}" in page
