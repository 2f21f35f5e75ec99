import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from juries.models import ReexaminationRequest
from juries.permissions import presiding_seat
from juries.services.publicity import request_reexamination
from juries.services.review import cast_votes, close_ballot, confirm_result


def _failed(world):
    """Everyone attends and votes no on everyone; the chair confirms."""
    meeting, present = world.voting()
    choices = {candidate.pk: "no" for candidate in meeting.candidates.all()}
    for seat in present:
        cast_votes(actor=seat.expert.user, meeting=meeting, choices=choices)
    close_ballot(actor=world.office, meeting=meeting)
    confirm_result(actor=presiding_seat(meeting).expert.user, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def _offered(client, candidate) -> bool:
    page = client.get("/juries/results/").content.decode()
    return f"/juries/results/{candidate.pk}/reexamination/" in page


def test_an_applicant_asks_for_re_examination_of_their_own_result_and_gets_an_answer(world, client):
    meeting = _failed(world)
    candidate = meeting.candidates.select_related("declaration__applicant").get()
    applicant = candidate.declaration.applicant
    client.force_login(applicant)

    page = client.get("/juries/results/")
    assert page.status_code == 200 and meeting.name in page.content.decode()
    assert _offered(client, candidate)
    response = client.post(
        f"/juries/results/{candidate.pk}/reexamination/", {"reason": "答辩评分有误"}
    )
    assert response.status_code == 302
    request = ReexaminationRequest.objects.get()
    # Not offered again while the first is handled, and refused if asked all the same.
    assert not _offered(client, candidate)
    assert "Being handled." in client.get("/juries/results/").content.decode()
    with pytest.raises(ValidationError, match="still being handled"):
        request_reexamination(actor=applicant, candidate=candidate, reason="再次")

    client.force_login(world.users["applicant"])
    assert (
        client.post(f"/juries/results/{candidate.pk}/reexamination/", {"reason": "x"}).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        request_reexamination(actor=world.users["applicant"], candidate=candidate, reason="x")

    client.force_login(world.office)
    assert "答辩评分有误" in client.get(f"/juries/reexaminations/{request.pk}/").content.decode()
    client.post(
        f"/juries/reexaminations/{request.pk}/", {"answer": "经复查，评分无误，维持原结果。"}
    )
    request.refresh_from_db()
    assert request.status == ReexaminationRequest.Status.ANSWERED
    assert applicant.notifications.filter(body__contains="维持原结果").exists()


def test_a_passed_result_offers_no_re_examination_and_the_server_agrees(world, client):
    meeting = world.confirmed()
    candidate = meeting.candidates.select_related("declaration__applicant").get()
    applicant = candidate.declaration.applicant
    client.force_login(applicant)
    page = client.get("/juries/results/").content.decode()
    assert meeting.name in page and "Passed" in page
    assert not _offered(client, candidate)
    response = client.post(f"/juries/results/{candidate.pk}/reexamination/", {"reason": "x"})
    assert response.status_code == 400
    assert "nothing to re-examine" in response.content.decode()
    assert not ReexaminationRequest.objects.exists()
