"""The minutes as a PDF: printed from the record the chair's confirmation kept, with the
attendance counts, the quorum, each candidate's yes/no/abstain counts and result, and the
chair's confirmation; never the name of an expert (the ballot is secret, the panel sealed)."""

import io
import re

import pikepdf

from juries.models import Expert
from juries.permissions import presiding_seat
from juries.services.review import cast_votes, close_ballot, confirm_result
from tests.pdf_reading import pdf_text

# Per candidate: how many of the attending experts vote yes and no; the rest abstain.
PLAN = {"甲候选": (20, 3), "乙候选": (10, 10), "丙候选": (25, 0)}


def confirmed_meeting(world):
    declarations = [world.declaration(applicant=world.person(name=name)) for name in PLAN]
    meeting, present = world.voting(declarations=declarations)
    candidates = {c.declaration.applicant.real_name: c for c in meeting.candidates.all()}
    for number, seat in enumerate(present):
        choices = {}
        for name, (yes, no) in PLAN.items():
            choice = "yes" if number < yes else "no" if number < yes + no else "abstain"
            choices[candidates[name].pk] = choice
        cast_votes(actor=seat.expert.user, meeting=meeting, choices=choices)
    close_ballot(actor=world.office, meeting=meeting)
    confirm_result(actor=presiding_seat(meeting).expert.user, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def test_the_minutes_print_the_tally_and_no_expert(world, client, pdf_tools):
    meeting = confirmed_meeting(world)
    client.force_login(world.office)

    response = client.get(f"/juries/meetings/{meeting.pk}/minutes.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    text = pdf_text(content)
    assert meeting.name in text
    assert "Panel members" in text and "Attending" in text
    assert "Reached: 25 attending of 25 members, at least 17 needed." in " ".join(text.split())
    for candidate in meeting.candidates.select_related("declaration__applicant"):
        name = candidate.declaration.applicant.real_name
        [line] = [line for line in text.splitlines() if name in line]
        numbers = [int(n) for n in re.findall(r"\b\d+\b", line.replace(name, ""))]
        # No., entitled voters, yes, no, abstain, blank, yes votes needed
        assert numbers[1:6] == [
            candidate.voters,
            candidate.votes_yes,
            candidate.votes_no,
            candidate.votes_abstain,
            candidate.votes_blank,
        ]
        assert candidate.outcome.capitalize() in line
    assert "2 of 3 candidates passed." in text
    assert "The presiding chair confirmed this result on" in " ".join(text.split())
    assert meeting.minutes.digest in "".join(text.split())
    for expert in Expert.objects.filter(jury=meeting.jury).select_related("user"):
        assert expert.user.real_name not in text, expert.user.real_name
    with pikepdf.open(io.BytesIO(content)) as pdf:
        box = [float(value) for value in pdf.pages[0].mediabox]
    assert box[2] < box[3]  # A4 portrait


def test_the_bureau_reads_the_minutes_pdf_and_an_expert_does_not(world, client):
    meeting = world.confirmed()
    member = (
        meeting.seats.exclude(pk=presiding_seat(meeting).pk)
        .select_related("expert__user")
        .first()
        .expert.user
    )

    client.force_login(world.bureau)
    assert client.get(f"/juries/meetings/{meeting.pk}/minutes.pdf").status_code == 200
    client.force_login(member)
    assert client.get(f"/juries/meetings/{meeting.pk}/minutes.pdf").status_code == 404


def test_no_minutes_pdf_before_the_chair_confirms(world, client):
    meeting, _present = world.voting()
    client.force_login(world.office)

    assert client.get(f"/juries/meetings/{meeting.pk}/minutes.pdf").status_code == 404
