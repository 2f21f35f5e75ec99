from django.core.files.base import ContentFile

from applicants.models import Material
from juries.models import PanelSeat
from juries.services.panel import recuse_expert, sign_commitment
from titles.models import MaterialType


def group_seat(meeting, specialty):
    return (
        meeting.seats.filter(basis=PanelSeat.Basis.GROUP, group__specialty=specialty)
        .select_related("expert__user")
        .first()
    )


def test_an_expert_opens_only_the_files_of_their_group_minus_recusals(world, client):
    civil = world.declaration(specialty=world.civil)
    elec = world.declaration(specialty=world.elec)
    meeting = world.drawn(declarations=[civil, elec])
    civil_candidate, elec_candidate = (meeting.candidates.get(declaration=d) for d in (civil, elec))
    seat = group_seat(meeting, world.civil)
    expert = seat.expert.user
    client.force_login(expert)

    # Before signing the commitment no file opens.
    assert client.get(f"/juries/review/{civil_candidate.pk}/").status_code == 404
    sign_commitment(actor=expert, seat=seat)

    page = client.get(f"/juries/review/{civil_candidate.pk}/")
    assert page.status_code == 200
    assert civil.applicant.real_name in page.content.decode()
    assert client.get(f"/juries/review/{elec_candidate.pk}/").status_code == 404
    assert client.get(f"/api/v1/review-files/{elec_candidate.pk}/").status_code == 404
    listed = client.get("/api/v1/review-files/").json()["results"]
    assert [row["id"] for row in listed] == [civil_candidate.pk]

    recuse_expert(
        actor=world.office, candidate=civil_candidate, expert=seat.expert, note="同门师兄弟"
    )
    assert client.get(f"/juries/review/{civil_candidate.pk}/").status_code == 404
    assert client.get("/api/v1/review-files/").json()["results"] == []


def test_proof_materials_download_only_for_the_group(world, client):
    civil = world.declaration(specialty=world.civil)
    elec = world.declaration(specialty=world.elec)
    material = Material.objects.create(
        declaration=elec,
        material_type=MaterialType.DIPLOMA,
        source=Material.Source.APPLICANT,
        file=ContentFile(b"%PDF-1.4 test", name="diploma.pdf"),
        original_name="diploma.pdf",
        content_type="application/pdf",
        size=13,
        sha256="0" * 64,
        uploaded_by=elec.applicant,
    )
    meeting = world.drawn(declarations=[civil, elec])
    elec_candidate = meeting.candidates.get(declaration=elec)
    civil_seat, elec_seat = group_seat(meeting, world.civil), group_seat(meeting, world.elec)
    for seat in (civil_seat, elec_seat):
        sign_commitment(actor=seat.expert.user, seat=seat)
    url = f"/juries/review/{elec_candidate.pk}/materials/{material.pk}/"

    client.force_login(civil_seat.expert.user)
    assert client.get(url).status_code == 404
    client.force_login(elec_seat.expert.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
