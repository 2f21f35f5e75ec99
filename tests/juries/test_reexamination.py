import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from juries.models import ReexaminationRequest
from juries.services.publicity import request_reexamination


def test_an_applicant_asks_for_re_examination_of_their_own_result_and_gets_an_answer(world, client):
    meeting = world.confirmed()
    candidate = meeting.candidates.select_related("declaration__applicant").get()
    applicant = candidate.declaration.applicant
    client.force_login(applicant)

    page = client.get("/juries/results/")
    assert page.status_code == 200 and meeting.name in page.content.decode()
    response = client.post(
        f"/juries/results/{candidate.pk}/reexamination/", {"reason": "答辩评分有误"}
    )
    assert response.status_code == 302
    request = ReexaminationRequest.objects.get()
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
