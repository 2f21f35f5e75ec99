"""The jury stage in the browser: each role walks its part of one meeting."""

from juries.models import Ballot, Candidate, PanelSeat, ReviewMeeting
from juries.permissions import presiding_seat


def test_one_meeting_through_the_browser(world, client, django_assert_max_num_queries):
    declaration = world.declaration()
    client.force_login(world.office)
    created = client.post(
        "/juries/meetings/new/",
        {
            "plan": world.plan.pk,
            "name": "浏览器评审会",
            "held_on": world.held_on().isoformat(),
            "venue": "人才大厦",
            "panel_size": 25,
            "group_size": 3,
        },
    )
    meeting = ReviewMeeting.objects.get()
    assert created.status_code == 302
    client.post(f"/juries/meetings/{meeting.pk}/candidates/", {"declarations": [declaration.pk]})
    client.post(f"/juries/meetings/{meeting.pk}/apply/")

    client.force_login(world.bureau)
    listing = client.get("/juries/")
    assert "浏览器评审会" in listing.content.decode()
    client.post(f"/juries/meetings/{meeting.pk}/approve/", {"observer": world.bureau.pk})

    client.force_login(world.office)
    client.post(f"/juries/meetings/{meeting.pk}/draw/")
    with django_assert_max_num_queries(30):
        panel = client.get(f"/juries/meetings/{meeting.pk}/panel/")
    assert panel.status_code == 200
    seats = list(meeting.seats.select_related("expert__user").order_by("pk"))
    assert seats[0].expert.user.real_name in panel.content.decode()

    for seat in seats:
        client.force_login(seat.expert.user)
        page = client.get(f"/juries/seats/{seat.pk}/")
        assert declaration.applicant.real_name not in page.content.decode()  # not before signing
        client.post(f"/juries/seats/{seat.pk}/", {"action": "sign"})
    assert not meeting.seats.exclude(status=PanelSeat.Status.ACCEPTED).exists()

    world.on_meeting_day(meeting)
    client.force_login(world.office)
    client.post(f"/juries/meetings/{meeting.pk}/attendance/", {"seats": [s.pk for s in seats]})
    client.post(f"/juries/meetings/{meeting.pk}/ballot/open/")
    assert Ballot.objects.filter(meeting=meeting, status=Ballot.Status.OPEN).exists()

    candidate = meeting.candidates.get()
    for seat in seats:
        client.force_login(seat.expert.user)
        client.post(f"/juries/ballot/{meeting.pk}/", {f"candidate_{candidate.pk}": "yes"})
    client.force_login(world.office)
    detail = client.get(f"/juries/meetings/{meeting.pk}/").content.decode()
    assert "25 / 25" not in detail  # no count while open
    client.post(f"/juries/meetings/{meeting.pk}/ballot/close/")
    assert "25 / 25" in client.get(f"/juries/meetings/{meeting.pk}/").content.decode()

    chair = presiding_seat(meeting).expert.user
    client.force_login(
        seats[-1].expert.user if seats[-1].expert.user != chair else seats[-2].expert.user
    )
    assert client.get(f"/juries/meetings/{meeting.pk}/confirm/").status_code == 404
    client.force_login(chair)
    assert client.get(f"/juries/meetings/{meeting.pk}/confirm/").status_code == 200
    confirmed = client.post(f"/juries/meetings/{meeting.pk}/confirm/")
    assert confirmed.status_code == 302
    minutes = client.get(confirmed["Location"]).content.decode()
    assert declaration.applicant.real_name in minutes
    candidate.refresh_from_db()
    assert candidate.outcome == Candidate.Outcome.PASSED

    world.set_today(world.today)
    client.force_login(world.office)
    assert client.get(f"/juries/meetings/{meeting.pk}/publish/").status_code == 200
    client.post(f"/juries/meetings/{meeting.pk}/publish/", {"starts_on": world.today.isoformat()})
    client.logout()
    public = client.get("/juries/publicity/")
    assert public.status_code == 200 and meeting.jury.name in public.content.decode()


def test_menus_and_home_pages_of_each_role_open(world, client):
    meeting = world.drawn()
    for name in ("office", "bureau", "expert", "applicant"):
        client.force_login(world.users[name])
        home = client.get("/")
        assert home.status_code == 200
    # The chair sits ex officio; their home page asks them to sign the commitment.
    seat = meeting.seats.get(expert__user=world.users["expert"])
    client.force_login(world.users["expert"])
    assert f"/juries/seats/{seat.pk}/" in client.get("/").content.decode()
    client.force_login(world.office)
    for url in (
        "/juries/",
        "/juries/juries/",
        "/juries/objections/",
        "/juries/reexaminations/",
        f"/juries/juries/{world.jury.pk}/",
        "/juries/meetings/new/",
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(world.users["expert"])
    for url in ("/juries/my/", "/juries/interests/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/juries/").status_code == 200  # an expert sees no meeting there
    assert client.get(f"/juries/meetings/{world.jury.meetings.get().pk}/").status_code == 404


def test_list_pages_take_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    publicity = world.publicized(declarations=[world.declaration() for _ in range(4)])
    meeting = publicity.meeting
    applicant = meeting.candidates.first().declaration.applicant
    pages = [
        (world.office, "/juries/", 12),
        (world.office, f"/juries/meetings/{meeting.pk}/", 18),
        (world.office, f"/juries/meetings/{meeting.pk}/scores/", 12),
        (world.office, f"/juries/meetings/{meeting.pk}/minutes/", 10),
        (None, f"/juries/publicity/{publicity.public_id}/", 5),
        (None, "/juries/publicity/", 3),
        (applicant, "/juries/results/", 8),
    ]
    for user, url, queries in pages:
        client.logout()
        if user is not None:
            client.force_login(user)
        with django_assert_max_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url
    client.logout()
    public = client.get(f"/juries/publicity/{publicity.public_id}/").content.decode()
    assert all(c.declaration.applicant.real_name in public for c in meeting.candidates.all())
