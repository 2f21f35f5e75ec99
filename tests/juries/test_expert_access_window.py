"""An expert opens a candidate's declaration and proof files only from the commitment they sign
for the sealed panel until the ballot closes, only in their own review group, and never on a
candidate they are recused from. The access is an object grant (django-guardian), so
`user.has_perm` says the same as the pages and the API."""

import importlib

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from applicants.models import Material
from juries.models import PanelSeat, ReviewFileGrant
from juries.permissions import REVIEW_FILES, presiding_seat
from juries.services.experts import declare_interest, remove_expert
from juries.services.panel import decline_seat, recuse_expert, sign_commitment
from juries.services.publicity import publish_results
from juries.services.review import cast_votes, close_ballot, confirm_result, open_ballot
from titles.models import MaterialType


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def proof(declaration, name="diploma.pdf"):
    return Material.objects.create(
        declaration=declaration,
        material_type=MaterialType.DIPLOMA,
        source=Material.Source.APPLICANT,
        file=ContentFile(b"%PDF-1.4 proof", name=name),
        original_name=name,
        content_type="application/pdf",
        size=14,
        sha256="0" * 64,
        uploaded_by=declaration.applicant,
    )


def group_seats(meeting, specialty):
    return list(
        meeting.seats.filter(basis=PanelSeat.Basis.GROUP, group__specialty=specialty)
        .select_related("expert__user")
        .order_by("pk")
    )


def opens(client, candidate, material) -> dict:
    """What the expert gets for the candidate's file: page, proof file, API detail, API
    assessment, and whether the API list holds it."""
    listed = client.get("/api/v1/review-files/").json()["results"]
    return {
        "page": client.get(f"/juries/review/{candidate.pk}/").status_code,
        "file": client.get(f"/juries/review/{candidate.pk}/materials/{material.pk}/").status_code,
        "api": client.get(f"/api/v1/review-files/{candidate.pk}/").status_code,
        "listed": candidate.pk in [row["id"] for row in listed],
    }


class ExpertClient:
    """A browser session of one expert (force-logged in), remembering who they are."""

    def __init__(self, client, user):
        self.client, self.user = client, user
        client.force_login(user)

    def get(self, url):
        self.client.force_login(self.user)
        return self.client.get(url)


OPEN = {"page": 200, "file": 200, "api": 200, "listed": True}
SHUT = {"page": 404, "file": 404, "api": 404, "listed": False}


def test_the_files_open_at_the_commitment_and_close_with_the_ballot(world, client):
    declaration = world.declaration(specialty=world.civil)
    material = proof(declaration)
    meeting = world.drawn(declarations=[declaration])
    candidate = meeting.candidates.get()
    seat = group_seats(meeting, world.civil)[0]
    expert = ExpertClient(client, seat.expert.user)

    # Drawn onto the sealed panel, not signed yet: nothing opens.
    assert opens(expert, candidate, material) == SHUT
    assert not seat.expert.user.has_perm(REVIEW_FILES, candidate)

    present = world.seated(meeting)
    assert opens(expert, candidate, material) == OPEN
    assert seat.expert.user.has_perm(REVIEW_FILES, candidate)
    # The download is the file itself.
    response = client.get(f"/juries/review/{candidate.pk}/materials/{material.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 proof"

    open_ballot(actor=world.office, meeting=meeting)
    assert opens(expert, candidate, material) == OPEN  # still there while the ballot runs

    for voter in present:
        cast_votes(actor=voter.expert.user, meeting=meeting, choices={candidate.pk: "yes"})
    close_ballot(actor=world.office, meeting=meeting)
    assert opens(expert, candidate, material) == SHUT
    assert not seat.expert.user.has_perm(REVIEW_FILES, candidate)
    assert not ReviewFileGrant.objects.filter(content_object__meeting=meeting).exists()
    for url in ("/juries/my/", f"/juries/seats/{seat.pk}/"):
        assert declaration.applicant.real_name not in expert.get(url).content.decode()

    # Nor later: the result confirmed, published, and for the chair too.
    chair = presiding_seat(meeting).expert.user
    confirm_result(actor=chair, meeting=meeting)
    world.set_today(world.today)
    publish_results(actor=world.office, meeting=meeting)
    for seat in meeting.seats.select_related("expert__user"):
        assert opens(ExpertClient(client, seat.expert.user), candidate, material) == SHUT


def test_the_applicants_own_pages_never_open_to_an_expert(world, client):
    declaration = world.declaration(specialty=world.civil)
    material = proof(declaration)
    meeting = world.drawn(declarations=[declaration])
    world.seated(meeting)
    expert = group_seats(meeting, world.civil)[0].expert.user
    assert expert.has_perm(REVIEW_FILES, meeting.candidates.get())

    client.force_login(expert)
    assert client.get(f"/declarations/{declaration.pk}/").status_code == 404
    assert client.get(f"/declarations/materials/{material.pk}/download/").status_code == 404
    assert api(expert).get(f"/api/v1/declarations/{declaration.pk}/").status_code == 404
    url = f"/api/v1/declaration-materials/{material.pk}/download/"
    assert api(expert).get(url).status_code == 404


def test_a_recusal_closes_that_candidate_only(world, client):
    first, second = (world.declaration(specialty=world.civil) for _ in range(2))
    materials = {first.pk: proof(first), second.pk: proof(second)}
    meeting = world.drawn(declarations=[first, second])
    world.seated(meeting)
    office_recused, self_recused, bystander = group_seats(meeting, world.civil)
    one, two = meeting.candidates.order_by("pk")

    recuse_expert(actor=world.office, candidate=one, expert=office_recused.expert, note="同门")
    declare_interest(
        actor=self_recused.expert.user,
        expert=self_recused.expert,
        relation="other",
        note="曾共事",
        candidate=two,
    )

    office_client = ExpertClient(client, office_recused.expert.user)
    assert opens(office_client, one, materials[one.declaration_id]) == SHUT
    assert opens(office_client, two, materials[two.declaration_id]) == OPEN
    self_client = ExpertClient(client, self_recused.expert.user)
    assert opens(self_client, two, materials[two.declaration_id]) == SHUT
    assert opens(self_client, one, materials[one.declaration_id]) == OPEN
    assert not office_recused.expert.user.has_perm(REVIEW_FILES, one)
    assert not self_recused.expert.user.has_perm(REVIEW_FILES, two)
    assert bystander.expert.user.has_perm(REVIEW_FILES, one)
    assert bystander.expert.user.has_perm(REVIEW_FILES, two)


def test_declining_the_seat_or_leaving_the_library_closes_every_file(world, client):
    declaration = world.declaration(specialty=world.civil)
    material = proof(declaration)
    meeting = world.drawn(declarations=[declaration])
    candidate = meeting.candidates.get()
    declining, removed, _third = group_seats(meeting, world.civil)
    for seat in (declining, removed):
        sign_commitment(actor=seat.expert.user, seat=seat)
        assert opens(ExpertClient(client, seat.expert.user), candidate, material) == OPEN

    decline_seat(actor=declining.expert.user, seat=declining, reason="临时出差")
    remove_expert(actor=world.office, expert=removed.expert, reason="违反评审纪律")

    for seat in (declining, removed):
        assert opens(ExpertClient(client, seat.expert.user), candidate, material) == SHUT
        assert not seat.expert.user.has_perm(REVIEW_FILES, candidate)


def test_an_expert_outside_the_group_never_holds_the_grant(world):
    civil = world.declaration(specialty=world.civil)
    elec = world.declaration(specialty=world.elec)
    meeting = world.drawn(declarations=[civil, elec])
    world.seated(meeting)
    civil_candidate, elec_candidate = (meeting.candidates.get(declaration=d) for d in (civil, elec))
    for seat in group_seats(meeting, world.civil):
        assert seat.expert.user.has_perm(REVIEW_FILES, civil_candidate)
        assert not seat.expert.user.has_perm(REVIEW_FILES, elec_candidate)
    # Chairs and at-large members vote but review no file.
    for seat in meeting.seats.exclude(basis=PanelSeat.Basis.GROUP).select_related("expert__user"):
        assert not seat.expert.user.has_perm(REVIEW_FILES, civil_candidate)
        assert not seat.expert.user.has_perm(REVIEW_FILES, elec_candidate)


def test_the_review_list_takes_the_same_queries_for_2_or_8_files(world, client):
    meeting = world.drawn(declarations=[world.declaration() for _ in range(8)])
    world.seated(meeting)
    seat = group_seats(meeting, world.civil)[0]
    client.force_login(seat.expert.user)

    def counted():
        with CaptureQueriesContext(connection) as page:
            assert client.get("/juries/my/").status_code == 200
        with CaptureQueriesContext(connection) as listing:
            rows = client.get("/api/v1/review-files/").json()["results"]
        return len(rows), len(page), len(listing)

    eight = counted()
    for candidate in meeting.candidates.order_by("pk")[2:]:
        recuse_expert(actor=world.office, candidate=candidate, expert=seat.expert, note="回避")
    two = counted()

    assert (eight[0], two[0]) == (8, 2)
    assert eight[1:] == two[1:]


def test_the_data_migration_grants_the_meetings_between_sealing_and_close(world):
    """Meetings signed for before the grants existed get them, minus recusals; a meeting
    whose ballot has closed gets none."""
    migration = importlib.import_module("juries.migrations.0004_review_file_grants")
    first, second = (world.declaration(specialty=world.civil) for _ in range(2))
    meeting = world.drawn(declarations=[first, second])
    world.seated(meeting)
    one, _two = meeting.candidates.order_by("pk")
    recused = group_seats(meeting, world.civil)[0]
    recuse_expert(actor=world.office, candidate=one, expert=recused.expert, note="同单位")
    world.set_today(world.today)
    closed, present = world.voting(declarations=[world.declaration(specialty=world.civil)])
    closed_candidate = closed.candidates.get()
    for seat in present:
        cast_votes(actor=seat.expert.user, meeting=closed, choices={closed_candidate.pk: "no"})
    close_ballot(actor=world.office, meeting=closed)
    granted = set(ReviewFileGrant.objects.values_list("user_id", "content_object_id"))

    ReviewFileGrant.objects.all().delete()
    migration.grant_open_windows(apps, None)

    assert set(ReviewFileGrant.objects.values_list("user_id", "content_object_id")) == granted
    assert len(granted) == 3 * 2 - 1  # three group experts, two candidates, one recusal
    assert not ReviewFileGrant.objects.filter(content_object=closed_candidate).exists()
