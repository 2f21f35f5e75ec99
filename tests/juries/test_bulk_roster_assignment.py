"""The jury office puts 50 qualified declarations on a meeting's roster from the declaration
list at once: the preview names each one's review group (its specialty) or why it is skipped,
the confirmation puts each on the roster in its own group, and a selection above the
threshold does it as a background job with the same per-item results."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from applicants.models import Declaration
from jobs.models import Job
from juries.models import Candidate
from juries.services.meetings import apply_for_meeting, assign_candidates, create_meeting
from tests.applicants.bulk_world import ids_field, result_rows


@pytest.fixture(autouse=True)
def _english(settings, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _meeting(world, name="2026年工程系列评审会议"):
    return create_meeting(
        actor=world.office,
        plan=world.plan,
        name=name,
        held_on=world.held_on(),
        venue="示范市人才大厦",
        panel_size=25,
        group_size=3,
    )


def _qualified(world, count, **fields) -> list[Declaration]:
    """Qualified declarations that reached the office, so that its list shows them."""
    made = [world.declaration(**fields) for _ in range(count)]
    Declaration.objects.filter(pk__in=[d.pk for d in made]).update(
        forwarded_to_office_at=timezone.now() - timedelta(days=5)
    )
    return made


@pytest.fixture
def fifty(world):
    civil = _qualified(world, 30)
    elec = _qualified(world, 17, specialty=world.elec)
    [draft] = _qualified(world, 1)
    Declaration.objects.filter(pk=draft.pk).update(status=Declaration.Status.QUALIFICATION_CHECK)
    elsewhere, taken = _qualified(world, 2)
    assign_candidates(
        actor=world.office, meeting=_meeting(world, "另一场会议"), declarations=[elsewhere]
    )
    return {"civil": civil, "elec": elec, "checking": [draft], "elsewhere": [elsewhere, taken]}


def _preview(client, meeting, chosen):
    return client.post(
        "/declarations/bulk/preview/",
        {"move": "put_on_roster", "target": meeting.pk, "ids": [d.pk for d in chosen]},
    )


def test_the_list_offers_the_offices_open_meetings(world, client):
    meeting = _meeting(world)
    _qualified(world, 1)
    client.force_login(world.office)
    html = client.get("/declarations/").content.decode()
    assert '<option value="put_on_roster">Put on a meeting&#x27;s roster, in review groups' in html
    target = re.search(r'<select name="target"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert f'<option value="{meeting.pk}">{meeting.name}' in target


def test_fifty_go_on_the_roster_in_review_groups_with_per_item_results(world, client, fifty):
    meeting = _meeting(world)
    # One of them goes on another roster after the preview, before the confirmation.
    late, *_rest = fifty["elsewhere"][1:]
    chosen = fifty["civil"] + fifty["elec"] + fifty["checking"] + fifty["elsewhere"]
    assert len(chosen) == 50
    client.force_login(world.office)

    html = _preview(client, meeting, chosen).content.decode()
    assert "50 declarations chosen" in html and "48 will move" in html
    assert meeting.name in html
    rows = result_rows(html)
    assert all(f"Review group: {world.civil}" in rows[d.pk] for d in fifty["civil"])
    assert all(f"Review group: {world.elec}" in rows[d.pk] for d in fifty["elec"])
    assert "only qualified declarations of this plan" in rows[fifty["checking"][0].pk]
    assert "already on a meeting&#x27;s roster" in rows[fifty["elsewhere"][0].pk]
    assert not meeting.candidates.exists()  # a preview changes nothing

    assign_candidates(
        actor=world.office, meeting=_meeting(world, "第三场会议"), declarations=[late]
    )
    done = client.post(
        "/declarations/bulk/confirm/",
        {"move": "put_on_roster", "target": meeting.pk, "ids": ids_field(html)},
    )
    assert done.status_code == 302
    html = client.get(done["Location"]).content.decode()
    assert "47 moved" in html and "1 refused" in html
    rows = result_rows(html)
    assert "Refused" in rows[late.pk] and "already on a meeting&#x27;s roster" in rows[late.pk]
    groups = dict(
        Candidate.objects.filter(meeting=meeting).values_list(
            "declaration_id", "group__specialty_id"
        )
    )
    assert len(groups) == 47
    assert {groups[d.pk] for d in fifty["civil"] if d != late} == {world.civil.pk}
    assert {groups[d.pk] for d in fifty["elec"]} == {world.elec.pk}
    assert meeting.groups.count() == 2


def test_a_meeting_applied_for_skips_every_declaration_with_the_reason(world, client, fifty):
    meeting = _meeting(world)
    assign_candidates(actor=world.office, meeting=meeting, declarations=fifty["civil"][:1])
    apply_for_meeting(actor=world.office, meeting=meeting)
    client.force_login(world.office)
    # A meeting whose roster is closed is not offered, and cannot be posted either.
    assert _preview(client, meeting, fifty["elec"]).status_code == 404

    answer = client.post(
        "/declarations/bulk/preview/",
        {"move": "put_on_roster", "ids": [d.pk for d in fifty["elec"]]},
        follow=True,
    )
    assert "Choose the meeting whose roster the declarations go on first." in (
        answer.content.decode()
    )
    assert meeting.candidates.count() == 1


def test_another_offices_meeting_is_not_found(world, client, fifty):
    meeting = _meeting(world)
    client.force_login(world.users["employer"])
    assert _preview(client, meeting, fifty["civil"][:2]).status_code == 404
    assert not meeting.candidates.exists()


def test_a_big_selection_goes_on_the_roster_in_the_background(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.BULK_MOVE_BACKGROUND_THRESHOLD = 5
    meeting = _meeting(world)
    chosen = _qualified(world, 7)
    client.force_login(world.office)
    html = _preview(client, meeting, chosen).content.decode()
    assert "runs in the background" in html

    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer = client.post(
            "/declarations/bulk/confirm/",
            {"move": "put_on_roster", "target": meeting.pk, "ids": ids_field(html)},
        )
    job = Job.objects.get(kind="applicants.bulk_move")
    assert answer["Location"] == f"/jobs/{job.pk}/"
    assert job.params["target"] == str(meeting.pk)
    assert not meeting.candidates.exists()
    for callback in queued:
        callback()

    job.refresh_from_db()
    assert (job.status, job.done, job.result["moved"]) == (Job.Status.SUCCEEDED, 7, 7)
    rows = result_rows(client.get(answer["Location"]).content.decode())
    assert all(f"Review group: {world.civil}" in rows[d.pk] for d in chosen)
    assert meeting.candidates.count() == 7
