"""Who may download a meeting's documents: the summary table goes to the jury office and the
HR bureau above it (every candidate) and to an expert of the panel while they hold review
files (their own files only); the minutes and the supervision record to those who see them.
Anyone else gets a 404, as if the meeting did not exist."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import Organization, Role
from juries.models import PanelSeat
from tests.factories import AccountFactory, OrganizationFactory

DOCUMENTS = ("summary.xlsx", "summary.pdf")


@pytest.fixture
def stranger_office(world):
    office = OrganizationFactory(
        parent=world.city, name="别的评委会办公室", kind=Organization.Kind.JURY_OFFICE
    )
    return AccountFactory(organization=office, role=Role.JURY_OFFICE, username="other_office")


def test_roles_outside_the_meeting_get_404(world, client, stranger_office):
    meeting = world.drawn()
    outsiders = [
        world.users["applicant"],
        world.users["employer"],
        meeting.candidates.get().declaration.applicant,
        stranger_office,
        # Drawn, but before signing the commitment no file is theirs.
        meeting.seats.select_related("expert__user").first().expert.user,
    ]
    for user in outsiders:
        client.force_login(user)
        for document in (*DOCUMENTS, "minutes.pdf", "supervision.pdf"):
            response = client.get(f"/juries/meetings/{meeting.pk}/{document}")
            assert response.status_code == 404, (user.username, document)


def test_the_bureau_reads_the_table_once_the_meeting_is_applied_for(world, client):
    draft = world.meeting()
    approved = world.approved()
    client.force_login(world.bureau)

    assert client.get(f"/juries/meetings/{draft.pk}/summary.xlsx").status_code == 404
    assert client.get(f"/juries/meetings/{approved.pk}/summary.xlsx").status_code == 200


def test_an_expert_gets_the_rows_of_their_own_review_files_only(world, client):
    civil = world.declaration(specialty=world.civil)
    elec = world.declaration(specialty=world.elec)
    meeting = world.drawn(declarations=[civil, elec])
    seat = meeting.seats.filter(group__specialty=world.civil).select_related("expert__user").first()
    world.seated(meeting)
    client.force_login(seat.expert.user)

    response = client.get(f"/juries/meetings/{meeting.pk}/summary.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == [civil.applicant.real_name]
    # Nor the minutes or the supervision record, which are not theirs.
    assert client.get(f"/juries/meetings/{meeting.pk}/supervision.pdf").status_code == 404


def test_an_experts_table_closes_with_the_ballot(world, client):
    meeting = world.confirmed()
    expert = (
        meeting.seats.filter(status=PanelSeat.Status.ACCEPTED, group__isnull=False)
        .select_related("expert__user")
        .first()
        .expert.user
    )
    client.force_login(expert)

    assert client.get(f"/juries/meetings/{meeting.pk}/summary.xlsx").status_code == 404


def test_the_meeting_page_links_each_document(world, client):
    meeting = world.confirmed()
    client.force_login(world.office)

    page = client.get(f"/juries/meetings/{meeting.pk}/").content.decode()

    group = meeting.groups.get()
    for address in (
        f"/juries/meetings/{meeting.pk}/summary.xlsx",
        f"/juries/meetings/{meeting.pk}/summary.pdf",
        f"/juries/meetings/{meeting.pk}/summary.xlsx?group={group.pk}",
        f"/juries/meetings/{meeting.pk}/minutes.pdf",
        f"/juries/meetings/{meeting.pk}/supervision.pdf",
    ):
        assert f'href="{address}"' in page, address
