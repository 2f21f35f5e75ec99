"""The meeting form says the panel's minimum before the office submits: the same figure the
service then holds it to."""

from django.test import override_settings

from juries.services.meetings import panel_minimum


def _form_page(client, office) -> str:
    client.force_login(office)
    response = client.get("/juries/meetings/new/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_states_the_senior_jury_minimum_and_the_group_minimum(world, client):
    assert world.jury.is_senior and not world.jury.specialty_id
    html = _form_page(client, world.office)
    assert "An odd number, at least 25 experts." in html
    assert "At least 3 experts." in html

    # Below the stated minimum, the service refuses with the same figure.
    response = client.post(
        "/juries/meetings/new/",
        {
            "plan": world.plan.pk,
            "name": "第三次评审会",
            "held_on": world.held_on().isoformat(),
            "panel_size": 23,
            "group_size": 3,
        },
    )
    assert "A senior jury sits with at least 25 experts." in response.content.decode()


@override_settings(JURY_MIN_SENIOR_SERIES_EXPERTS=31)
def test_the_stated_minimum_follows_the_rule_in_force(world, client):
    assert panel_minimum(world.jury) == 31
    assert "An odd number, at least 31 experts." in _form_page(client, world.office)
