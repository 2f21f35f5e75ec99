"""With MEDIA_S3_BUCKET set, every stored file goes to the bucket and comes back through the
same permission-checked views as from the local disk: proof materials, holder photos,
certificate PDFs and job exports. Nothing lands in the local media folder."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from PIL import Image

from applicants.models import Declaration
from certificates.models import Certificate, HolderPhoto
from jobs.models import Job
from tests.applicants.conftest import PDF, World, pdf
from tests.factories import DeclarationFactory
from titles.models import Level

from .conftest import local_media_files


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    settings.LANGUAGE_CODE = "en"


def downloaded(response) -> bytes:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body)
    return body


def test_a_proof_material_uploaded_on_the_declaration_page_is_kept_in_the_bucket(
    media_on_s3, demo, client, settings
):
    world = World(demo)
    declaration = world.create(materials=False)
    content = PDF + os.urandom(1024 * 1024)
    client.force_login(world.applicant)

    uploaded = client.post(
        f"/declarations/{declaration.pk}/materials/",
        {"material_type": "paper", "file": pdf("论文.pdf", content)},
    )

    assert uploaded.status_code == 302
    material = declaration.materials.get()
    assert media_on_s3.names() == [material.file.name]
    assert media_on_s3.read(material.file.name) == content
    url = f"/declarations/materials/{material.pk}/download/"
    response = client.get(url)
    assert downloaded(response) == content
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    client.force_login(world.school_applicant)
    assert client.get(url).status_code == 404
    assert local_media_files(settings) == []


def test_the_holders_photo_is_kept_in_the_bucket(media_on_s3, results, client, settings):
    [person] = results.people(1)
    client.force_login(person)
    picture = io.BytesIO()
    Image.new("RGB", (300, 400), "white").save(picture, "PNG")

    response = client.post(
        "/certificates/photo/",
        {"image": SimpleUploadedFile("me.png", picture.getvalue(), "image/png")},
    )

    assert response.status_code == 302
    photo = HolderPhoto.objects.get(person=person)
    assert media_on_s3.names() == [photo.image.name]
    shown = client.get("/certificates/photo/image/")
    assert downloaded(shown) == media_on_s3.read(photo.image.name)
    assert Image.open(io.BytesIO(media_on_s3.read(photo.image.name))).format == "JPEG"
    assert local_media_files(settings) == []


def test_an_issued_certificates_pdf_is_kept_in_the_bucket(media_on_s3, issued, client, settings):
    certificate = Certificate.objects.get(holder_name="王芳")
    stored = media_on_s3.read(certificate.pdf.name)
    assert stored.startswith(b"%PDF-") and len(stored) == certificate.pdf_size
    assert sorted(c.pdf.name for c in Certificate.objects.all()) == [
        key for key in media_on_s3.names() if key.startswith("certificates/")
    ]

    client.force_login(certificate.holder)
    response = client.get(f"/certificates/{certificate.pk}/pdf/")

    assert downloaded(response) == stored
    assert f"{certificate.number}.pdf" in response["Content-Disposition"]
    client.force_login(Certificate.objects.get(holder_name="张伟").holder)
    assert client.get(f"/certificates/{certificate.pk}/pdf/").status_code == 404
    assert local_media_files(settings) == []


def test_an_export_is_kept_in_the_bucket_and_downloaded_from_the_jobs_page(
    media_on_s3, demo, client, settings, django_capture_on_commit_callbacks
):
    plan = demo["plan"]
    employer = demo["users"]["employer"].memberships.get().organization
    DeclarationFactory.create_batch(
        2,
        employer=employer,
        plan=plan,
        level=Level.INTERMEDIATE,
        status=Declaration.Status.QUALIFIED,
    )
    client.force_login(demo["users"]["office"])

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/declarations/plans/{plan.pk}/roster/")

    job = Job.objects.get(pk=int(started["Location"].strip("/").split("/")[-1]))
    assert job.status == Job.Status.SUCCEEDED
    assert media_on_s3.names() == [job.result_file.name]
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/download/"' in page
    body = downloaded(client.get(f"/jobs/{job.pk}/download/"))
    assert body == media_on_s3.read(job.result_file.name)
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    assert rows[0][0] == plan.name and len(rows) == 2 + 2
    client.force_login(demo["users"]["employer"])
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert local_media_files(settings) == []
