"""The whole jury stage through the API, each role with its own token-less session."""

from rest_framework.test import APIClient

from applicants.models import Declaration
from juries.models import ReviewMeeting
from juries.permissions import presiding_seat


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_office_bureau_experts_chair_and_public_through_the_api(world):
    office, bureau = api(world.office), api(world.bureau)
    declarations = [world.declaration(), world.declaration()]

    created = office.post(
        "/api/v1/meetings/",
        {
            "plan": world.plan.pk,
            "name": "API评审会",
            "held_on": world.held_on().isoformat(),
            "panel_size": 25,
            "group_size": 3,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    meeting_id = created.json()["id"]
    roster = office.post(
        f"/api/v1/meetings/{meeting_id}/candidates/",
        {"declarations": [d.pk for d in declarations]},
        format="json",
    )
    assert len(roster.json()) == 2
    assert office.post(f"/api/v1/meetings/{meeting_id}/apply/").json()["status"] == "applied"
    refused = bureau.post(
        f"/api/v1/meetings/{meeting_id}/approve/", {"observer": world.office.pk}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid"
    assert refused.json()["errors"] == {
        "observer": ["Name a member of HR bureau staff as the observer."]
    }
    approved = bureau.post(
        f"/api/v1/meetings/{meeting_id}/approve/", {"observer": world.bureau.pk}, format="json"
    )
    assert approved.json()["status"] == "approved"
    draw = office.post(f"/api/v1/meetings/{meeting_id}/draw/")
    assert draw.status_code == 201 and draw.json()["replays"] is True

    panel = office.get(f"/api/v1/meetings/{meeting_id}/panel/").json()
    assert len(panel["seats"]) == 25
    assert bureau.get(f"/api/v1/meetings/{meeting_id}/panel/").status_code == 200  # the observer
    meeting = ReviewMeeting.objects.get(pk=meeting_id)
    seats = list(meeting.seats.select_related("expert__user").order_by("pk"))
    expert = api(seats[0].expert.user)
    assert expert.get(f"/api/v1/meetings/{meeting_id}/panel/").status_code == 404
    assert expert.get(f"/api/v1/meetings/{meeting_id}/").status_code == 404

    for seat in seats:
        signed = api(seat.expert.user).post(f"/api/v1/seats/{seat.pk}/sign-commitment/")
        assert signed.json()["status"] == "accepted"
    world.on_meeting_day(meeting)
    quorum = office.post(
        f"/api/v1/meetings/{meeting_id}/attendance/",
        {"seats": [s.pk for s in seats]},
        format="json",
    )
    assert quorum.json() == {"attending": 25, "seated": 25, "needed": 17}
    assert office.post(f"/api/v1/meetings/{meeting_id}/open-ballot/").status_code == 201

    first, second = (c.pk for c in meeting.candidates.order_by("pk"))
    for index, seat in enumerate(seats):
        paper = {
            "votes": [
                {"candidate": first, "choice": "yes"},
                {"candidate": second, "choice": "yes" if index < 16 else "abstain"},
            ]
        }
        cast = api(seat.expert.user).post(f"/api/v1/seats/{seat.pk}/vote/", paper, format="json")
        assert cast.status_code == 201, cast.json()
    again = api(seats[0].expert.user).post(
        f"/api/v1/seats/{seats[0].pk}/vote/",
        {"votes": [{"candidate": first, "choice": "no"}]},
        format="json",
    )
    assert again.status_code == 400
    assert (
        office.get(f"/api/v1/meetings/{meeting_id}/tally/").json() == []
    )  # nothing before closing
    assert office.post(f"/api/v1/meetings/{meeting_id}/close-ballot/").json()["status"] == "closed"
    tally = {row["id"]: row for row in office.get(f"/api/v1/meetings/{meeting_id}/tally/").json()}
    assert tally[first]["passes"] and not tally[second]["passes"]
    assert tally[second]["votes_yes"] == 16 and tally[second]["votes_abstain"] == 9

    chair = presiding_seat(meeting)
    assert api(seats[-1].expert.user).post(
        f"/api/v1/seats/{seats[-1].pk}/confirm/"
    ).status_code in (403, 404)
    confirmed = api(chair.expert.user).post(f"/api/v1/seats/{chair.pk}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["intact"] is True
    assert Declaration.objects.get(pk=declarations[1].pk).status == Declaration.Status.FAILED

    world.set_today(world.today)
    published = office.post(f"/api/v1/meetings/{meeting_id}/publish/", {}, format="json")
    assert published.status_code == 201
    public_id = published.json()["public_id"]
    anonymous = api()
    listed = anonymous.get("/api/v1/result-publicity/")
    assert listed.status_code == 200 and listed.json()["results"][0]["public_id"] == public_id
    detail = anonymous.get(f"/api/v1/result-publicity/{public_id}/").json()
    assert [c["id"] for c in detail["candidates"]] == [first]
    filed = anonymous.post(
        f"/api/v1/result-publicity/{public_id}/objections/",
        {
            "candidate": first,
            "filer_name": "李群众",
            "filer_phone": "13800001234",
            "content": "存疑",
        },
        format="json",
    )
    assert filed.status_code == 201
    objection = office.get("/api/v1/objections/").json()["results"][0]
    decided = office.post(
        f"/api/v1/objections/{objection['id']}/decide/",
        {"upheld": True, "finding": "属实"},
        format="json",
    )
    assert decided.json()["status"] == "upheld"
    assert Declaration.objects.get(pk=declarations[0].pk).status == Declaration.Status.FAILED
