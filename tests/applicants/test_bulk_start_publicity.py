"""The unit's HR staff start the unit publicity of many declarations from the list at once,
naming whom the unit's members reach to object: every publicity started keeps that contact,
and a declaration not yet submitted is skipped with the reason."""

import pytest

from applicants.models import Declaration, UnitPublicity
from tests.applicants.bulk_world import at_stage, ids_field, result_rows

S = Declaration.Status


@pytest.fixture(autouse=True)
def _english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_publicities_started_together_keep_the_contact_given(world, client):
    submitted = at_stage(world, 12, S.SUBMITTED)
    started = at_stage(world, 3, S.IN_UNIT_PUBLICITY)
    client.force_login(world.employer)

    preview = client.post(
        "/declarations/bulk/preview/",
        {"move": "start_publicity", "ids": [d.pk for d in submitted + started]},
    ).content.decode()
    assert "12 will move" in preview and 'name="contact"' in preview
    rows = result_rows(preview)
    assert all("Will be skipped" in rows[d.pk] for d in started)

    done = client.post(
        "/declarations/bulk/confirm/",
        {
            "move": "start_publicity",
            "ids": ids_field(preview),
            "contact": " 人事处 王老师 0571-88886666 ",
        },
    )
    assert "12 moved" in client.get(done["Location"]).content.decode()
    contacts = set(
        UnitPublicity.objects.filter(declaration__in=submitted).values_list("contact", flat=True)
    )
    assert contacts == {"人事处 王老师 0571-88886666"}
    assert not UnitPublicity.objects.filter(declaration__in=started).exists()
