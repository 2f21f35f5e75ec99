"""A message that names a date writes it as the reader's pages do: 2026年11月30日 in Chinese,
30 Nov 2026 in English, never a bare 2026-11-30 (config/formats)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from juries.services.meetings import create_meeting


def refusal_of_a_meeting_after_the_jurys_term(world, language):
    world.set_today(date(2026, 9, 1))
    world.jury.approved_on = date(2026, 1, 5)
    world.jury.valid_until = date(2026, 11, 30)
    world.jury.save()
    with translation.override(language), pytest.raises(ValidationError) as refused:
        create_meeting(
            actor=world.office,
            plan=world.plan,
            name="2026年工程系列评审会议",
            held_on=date(2026, 12, 3),
            panel_size=25,
        )
    return " ".join(refused.value.messages)


def test_a_refusal_in_chinese_names_its_dates_the_chinese_way(world):
    text = refusal_of_a_meeting_after_the_jurys_term(world, "zh-hans")

    for day in ("2026年1月5日", "2026年11月30日", "2026年12月3日"):
        assert day in text
    assert "2026-11-30" not in text and "Nov" not in text


def test_a_refusal_in_english_names_its_dates_the_english_way(world):
    text = refusal_of_a_meeting_after_the_jurys_term(world, "en")

    assert text == (
        "The jury's approval is valid from 5 Jan 2026 to 30 Nov 2026: it cannot meet on 3 Dec 2026."
    )
