"""Proof materials: PDF, JPEG and PNG decided by content, size limits, fingerprints, earlier
versions kept, and downloads only for those who may see the declaration."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applicants import services
from applicants.models import Declaration, Material
from audit.models import AuditRecord

from .conftest import EXE, JPEG, PDF, PNG, pdf

S = Declaration.Status


def upload(world, declaration, content, name, kind="paper", actor=None, **extra):
    return services.upload_material(
        declaration,
        actor=actor or declaration.applicant,
        material_type=kind,
        uploaded_file=SimpleUploadedFile(name, content),
        **extra,
    )


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (PDF, "论文.pdf", "application/pdf"),
        (JPEG, "photo.jpeg", "image/jpeg"),
        (PNG, "scan.PNG", "image/png"),
        (PDF, "no-extension", "application/pdf"),  # the name does not decide, the content does
    ],
)
def test_pdf_jpeg_and_png_are_accepted_by_their_content(
    world, settings, content, name, content_type
):
    declaration = world.create(materials=False)
    material = upload(world, declaration, content, name)
    assert material.content_type == content_type
    assert material.original_name == name
    assert material.size == len(content)
    assert material.sha256 == hashlib.sha256(content).hexdigest()
    assert material.uploaded_by == world.applicant
    # Stored under a generated name below MEDIA_ROOT, not under the name it came with.
    assert material.file.name.startswith(f"materials/{declaration.pk}/")
    assert name not in material.file.name
    assert material.file.path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (EXE, "论文.pdf"),  # a renamed executable
        (b"<html><script>alert(1)</script></html>", "scan.png"),
        (b"", "empty.pdf"),
        (b"GIF89a" + b"\x00" * 20, "photo.jpg"),
    ],
)
def test_other_content_is_refused_whatever_its_name_and_nothing_is_stored(
    world, settings, content, name
):
    declaration = world.create(materials=False)
    records = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as refusal:
        upload(world, declaration, content, name)
    assert "PDF, JPEG or PNG" in str(refusal.value)
    assert not Material.objects.exists()
    assert AuditRecord.objects.count() == records
    media = settings.MEDIA_ROOT / "materials"
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_the_api_refuses_a_renamed_executable_with_a_clear_message(world, api):
    declaration = world.create(materials=False)
    answer = api(world.applicant).post(
        f"/api/v1/declarations/{declaration.pk}/materials/",
        {"material_type": "paper", "file": SimpleUploadedFile("setup.pdf", EXE)},
        format="multipart",
    )
    assert answer.status_code == 400
    assert "setup.pdf" in str(answer.data["errors"]["file"])
    assert not Material.objects.exists()


def test_size_limits_per_file_and_per_declaration(world, settings):
    settings.MATERIAL_MAX_FILE_BYTES = 1000
    settings.MATERIAL_MAX_DECLARATION_BYTES = 1500
    declaration = world.create(materials=False)
    with pytest.raises(ValidationError, match="limit for one file"):
        upload(world, declaration, PDF + b"0" * 1000, "big.pdf")
    first = upload(world, declaration, PDF + b"0" * 800, "a.pdf")
    with pytest.raises(ValidationError, match="at most"):
        upload(world, declaration, PDF + b"0" * 800, "b.pdf")
    # Replacing frees the old file's share.
    replacement = upload(world, declaration, PDF + b"1" * 800, "a2.pdf", replaces=first)
    assert replacement.previous == first


def test_replacing_keeps_the_previous_version(world, api):
    declaration = world.create(materials=False)
    first = upload(world, declaration, PDF, "v1.pdf", kind="diploma")
    second = upload(world, declaration, PDF + b"%v2", "v2.pdf", kind="", replaces=first)
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert second.material_type == "diploma" and second.previous == first
    assert first.file.storage.exists(first.file.name)
    current = api(world.applicant).get(f"/api/v1/declarations/{declaration.pk}/materials/").data
    assert [m["original_name"] for m in current] == ["v2.pdf"]
    versions = (
        api(world.applicant)
        .get("/api/v1/declaration-materials/", {"declaration": declaration.pk})
        .data
    )
    assert [m["original_name"] for m in versions["results"]] == ["v1.pdf", "v2.pdf"]
    assert (
        AuditRecord.objects.filter(declaration=declaration, action="upload_material").count() == 2
    )


def test_materials_are_frozen_once_submitted_except_for_the_units_own_proof(world):
    declaration = world.advance(world.create(), S.SUBMITTED)
    with pytest.raises(ValidationError):
        upload(world, declaration, PDF, "late.pdf")
    unit_proof = upload(
        world, declaration, PDF, "考核表.pdf", kind="annual_assessment", actor=world.employer
    )
    assert unit_proof.source == Material.Source.EMPLOYER
    with pytest.raises(PermissionDenied):
        upload(world, declaration, PDF, "x.pdf", actor=world.school_hr)


def test_removing_keeps_the_file_as_an_earlier_version(world, api):
    declaration = world.create(materials=False)
    material = upload(world, declaration, PDF, "wrong.pdf")
    answer = api(world.applicant).delete(f"/api/v1/declaration-materials/{material.pk}/")
    assert answer.status_code == 204
    material.refresh_from_db()
    assert not material.is_current
    assert material.file.storage.exists(material.file.name)


def test_the_owner_and_the_unit_download_a_stranger_gets_not_found(world, client, api):
    declaration = world.advance(world.create(), S.SUBMITTED)
    material = declaration.materials.first()
    url = f"/declarations/materials/{material.pk}/download/"

    client.force_login(world.applicant)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]

    client.force_login(world.employer)
    assert client.get(url).status_code == 200

    for stranger in (
        world.school_applicant,
        world.hospital_hr,
        world.school_hr,
        world.office,
        world.expert,
    ):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert (
            api(stranger).get(f"/api/v1/declaration-materials/{material.pk}/download/").status_code
            == 404
        )

    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page

    own = api(world.applicant).get(f"/api/v1/declaration-materials/{material.pk}/download/")
    assert own.status_code == 200


def test_the_office_downloads_once_the_declaration_reached_it(world, client):
    declaration = world.advance(world.create(), S.RECOMMENDED)
    client.force_login(world.office)
    assert (
        client.get(
            f"/declarations/materials/{declaration.materials.first().pk}/download/"
        ).status_code
        == 200
    )


def test_a_bad_replacement_leaves_the_current_file_current(world):
    declaration = world.create(materials=False)
    first = upload(world, declaration, PDF, "ok.pdf")
    with pytest.raises(ValidationError):
        upload(world, declaration, EXE, "bad.pdf", replaces=first)
    first.refresh_from_db()
    assert first.is_current
    assert Material.objects.count() == 1


def test_uploaded_file_helper_is_a_pdf():
    assert pdf().read().startswith(b"%PDF-")
