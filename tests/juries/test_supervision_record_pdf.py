"""The supervision record (监督记录): what the meeting keeps of its supervision, printed for the
observer to sign: the observer the bureau named, the panel's and the ballot's figures and the
meeting's recorded decisions, with room for the observer's opinion; no expert is named."""

from juries.models import Expert
from tests.pdf_reading import pdf_text


def test_the_record_names_the_observer_and_the_decisions_but_no_expert(world, client, pdf_tools):
    meeting = world.confirmed()
    client.force_login(world.bureau)  # the observer the bureau named

    response = client.get(f"/juries/meetings/{meeting.pk}/supervision.pdf")

    assert response.status_code == 200
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    assert world.bureau.real_name in text
    assert "Supervision record" in text
    for decision in ("Approve the meeting", "Draw the panel", "Open the ballot"):
        assert decision in text
    assert "Confirm and sign the result" in text
    assert "Experts drawn 25" in text and "Attending 25 (at least 17 needed)" in text
    assert meeting.minutes.digest in text.replace(" ", "")
    for expert in Expert.objects.filter(jury=meeting.jury).select_related("user"):
        assert expert.user.real_name not in text, expert.user.real_name


def test_no_record_before_an_observer_is_named(world, client):
    meeting = world.meeting()
    client.force_login(world.office)

    assert client.get(f"/juries/meetings/{meeting.pk}/supervision.pdf").status_code == 404
