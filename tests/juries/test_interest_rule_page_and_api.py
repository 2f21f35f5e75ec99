"""Declaring an interest follows one rule on the page and in the API: an expert declares
their own, while in the library, and against a candidate only once they have signed the
commitment for the candidate's meeting."""

from rest_framework.test import APIClient

from juries.models import ExpertInterest, PanelSeat
from juries.services.experts import remove_expert
from juries.services.panel import sign_commitment


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def standing(expert_pk=None):
    data = {"relation": "relative", "person_name": "王某某", "note": "表兄"}
    if expert_pk is not None:
        data["expert"] = expert_pk
    return data


def test_an_expert_in_the_library_declares_on_the_page_and_in_the_api(world, client):
    user = world.users["expert"]
    expert = user.expert_seats.get(jury=world.jury)
    client.force_login(user)

    assert client.post("/juries/interests/", standing()).status_code == 302
    answer = api(user).post("/api/v1/expert-interests/", standing(expert.pk), format="json")

    assert answer.status_code == 201, answer.json()
    assert ExpertInterest.objects.filter(expert=expert).count() == 2


def test_an_expert_who_left_the_library_is_refused_on_both(world, client):
    user = world.users["expert"]
    expert = user.expert_seats.get(jury=world.jury)
    remove_expert(actor=world.office, expert=expert, reason="违反评审纪律")
    client.force_login(user)

    page = client.post("/juries/interests/", standing())
    answer = api(user).post("/api/v1/expert-interests/", standing(expert.pk), format="json")

    assert page.status_code == 403
    assert answer.status_code == 403 and answer.json()["code"] == "permission_denied"
    assert not ExpertInterest.objects.exists()


def test_someone_elses_library_seat_is_refused_in_the_api(world):
    other = world.jury.experts.exclude(user=world.users["expert"]).first()
    answer = api(world.users["expert"]).post(
        "/api/v1/expert-interests/", standing(other.pk), format="json"
    )
    assert answer.status_code == 403
    assert not ExpertInterest.objects.exists()


def test_against_a_candidate_only_after_signing_the_commitment_on_both(world, client):
    meeting = world.drawn()
    candidate = meeting.candidates.get()
    seat = meeting.seats.select_related("expert__user").order_by("pk").first()
    user = seat.expert.user
    against = {"relation": "collaborator", "candidate": candidate.pk, "note": "合作项目"}
    client.force_login(user)

    page = client.post(f"/juries/seats/{seat.pk}/", {"action": "interest", **against})
    answer = api(user).post(
        "/api/v1/expert-interests/", {"expert": seat.expert_id, **against}, format="json"
    )
    assert (page.status_code, answer.status_code) == (403, 403)
    assert not ExpertInterest.objects.exists()

    sign_commitment(actor=user, seat=seat)
    seat.refresh_from_db()
    assert seat.status == PanelSeat.Status.ACCEPTED
    answer = api(user).post(
        "/api/v1/expert-interests/", {"expert": seat.expert_id, **against}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    assert candidate.recusals.filter(expert=seat.expert).exists()
