"""Every look at another person's declaration or proof file is recorded: the person sees who
(by role and office, never an expert's name), the bureau searches the record."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.models import Declaration
from audit.models import PersonalDataAccess
from tests.privacy.conftest import signed_in

Kind = PersonalDataAccess.Kind


def test_opening_a_declaration_is_recorded_and_its_owner_sees_it(world):
    declaration = world.advance(world.create(), Declaration.Status.QUALIFICATION_CHECK)

    assert signed_in(world.office).get(f"/declarations/{declaration.pk}/").status_code == 200

    access = PersonalDataAccess.objects.get(subject=world.applicant)
    assert access.viewer == world.office
    assert access.kind == Kind.DECLARATION
    assert access.viewer_role == "jury_office"
    assert access.item == f"declaration #{declaration.pk}"
    own_page = signed_in(world.applicant).get("/privacy/").content.decode()
    assert "Declaration opened" in own_page
    assert "Jury office staff" in own_page
    assert world.office.real_name not in own_page


def test_the_owner_looking_at_their_own_data_is_not_recorded(world):
    declaration = world.create()
    signed_in(world.applicant).get(f"/declarations/{declaration.pk}/")
    assert not PersonalDataAccess.objects.exists()


def test_the_api_and_proof_files_are_recorded_too(world):
    declaration = world.advance(world.create(), Declaration.Status.QUALIFICATION_CHECK)
    material = declaration.materials.first()
    office = signed_in(world.office)

    assert office.get(f"/api/v1/declarations/{declaration.pk}/").status_code == 200
    assert office.get(f"/api/v1/declaration-materials/{material.pk}/download/").status_code == 200

    kinds = sorted(PersonalDataAccess.objects.values_list("kind", flat=True))
    assert kinds == sorted([Kind.DECLARATION, Kind.PROOF_FILE])
    proof = PersonalDataAccess.objects.get(kind=Kind.PROOF_FILE)
    assert proof.item.startswith(f"declaration #{declaration.pk} · ")


def test_a_list_records_nothing_and_costs_no_more(world):
    world.advance(world.create(), Declaration.Status.QUALIFICATION_CHECK)
    office = signed_in(world.office)
    office.get("/declarations/")
    with CaptureQueriesContext(connection) as queries:
        office.get("/declarations/")
    assert not PersonalDataAccess.objects.exists()
    assert not [q for q in queries.captured_queries if "personaldataaccess" in q["sql"]]


def test_the_bureau_searches_the_record_within_its_jurisdiction(world):
    declaration = world.advance(world.create(), Declaration.Status.QUALIFICATION_CHECK)
    signed_in(world.office).get(f"/declarations/{declaration.pk}/")

    bureau = signed_in(world.bureau)
    found = bureau.get("/privacy/access-log/", {"viewer": world.office.username})
    assert found.status_code == 200
    assert [access.subject for access in found.context["page"]] == [world.applicant]
    nothing = bureau.get("/privacy/access-log/", {"kind": Kind.PROOF_FILE})
    assert list(nothing.context["page"]) == []

    assert signed_in(world.applicant).get("/privacy/access-log/").status_code == 404
    assert signed_in(world.office).get("/privacy/access-log/").status_code == 404


def test_a_masked_export_is_recorded_for_every_person_in_it(world):
    first = world.advance(world.create(), Declaration.Status.QUALIFIED)
    second = world.advance(
        world.create(applicant=world.hospital_applicant), Declaration.Status.QUALIFIED
    )

    download = signed_in(world.office).get(f"/declarations/plans/{world.plan.pk}/roster.xlsx")

    assert download.status_code == 200
    exported = PersonalDataAccess.objects.filter(kind=Kind.EXPORT)
    assert {access.subject_id for access in exported} == {
        first.applicant_id,
        second.applicant_id,
    }
    assert all("whole ID numbers" not in access.item for access in exported)
