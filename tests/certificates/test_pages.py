"""The browser pages of filing and certificates, as each role uses them."""

import io

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import Role
from certificates.models import Certificate, Filing, HolderPhoto
from core.todo import todo_items
from tests.certificates.conftest import DOCUMENT_NUMBER


def test_the_office_submits_ready_results_from_the_filing_page(results, client):
    meeting = results.meeting(2)
    not_ready = results.add_candidates(meeting, results.people(1, names=["钱未公示"]), ready=False)
    client.force_login(results.office)

    listing = client.get("/certificates/filings/").content.decode()
    assert meeting.name in listing
    form = client.get(f"/certificates/filings/new/{meeting.pk}/")
    assert "钱未公示" in form.content.decode()
    ready_ids = [
        str(c.declaration_id) for c in meeting.candidates.exclude(declaration=not_ready[0])
    ]
    response = client.post(
        f"/certificates/filings/new/{meeting.pk}/", {"declarations": ready_ids, "note": "请审批"}
    )

    filing = Filing.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/certificates/filings/{filing.pk}/"
    )
    assert filing.entries.count() == 2 and filing.note == "请审批"


def test_the_bureau_approves_and_watches_the_progress(
    results, client, django_capture_on_commit_callbacks
):
    filing = results.submitted_filing(results.meeting(2))
    client.force_login(results.bureau)
    assert "document_number" in client.get(f"/certificates/filings/{filing.pk}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/certificates/filings/{filing.pk}/approve/",
            {"document_number": DOCUMENT_NUMBER, "document_date": timezone.localdate().isoformat()},
        )

    page = client.get(f"/certificates/filings/{filing.pk}/").content.decode()
    assert f'data-progress-url="/certificates/filings/{filing.pk}/progress/"' in page
    assert "<progress" in page and "certificates/progress.js" in page
    progress = client.get(f"/certificates/filings/{filing.pk}/progress/").json()
    assert progress == {
        "total": 2,
        "done": 2,
        "failed": 0,
        "pending": 0,
        "finished": True,
        "percent": 100,
    }
    assert finders.find("certificates/progress.js")


def test_a_stranger_cannot_see_a_filing(results, client):
    filing = results.submitted_filing(results.meeting(1))
    client.force_login(results.demo["users"]["employer"])

    assert client.get(f"/certificates/filings/{filing.pk}/").status_code == 404
    assert client.get(f"/certificates/filings/{filing.pk}/progress/").status_code == 404


def test_the_holder_sees_and_downloads_their_certificate(issued, client):
    certificate = Certificate.objects.get(holder_name="王芳")
    client.force_login(certificate.holder)

    listing = client.get("/certificates/").content.decode()
    assert certificate.number in listing and "张伟" not in listing
    detail = client.get(f"/certificates/{certificate.pk}/").content.decode()
    assert f"/certificates/{certificate.pk}/pdf/" in detail
    download = client.get(f"/certificates/{certificate.pk}/pdf/")
    assert download["Content-Type"] == "application/pdf"
    assert f"{certificate.number}.pdf" in download["Content-Disposition"]


def test_the_holder_gives_their_photo(results, client):
    [person] = results.people(1)
    client.force_login(person)
    output = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(output, "PNG")

    response = client.post(
        "/certificates/photo/",
        {"image": SimpleUploadedFile("me.png", output.getvalue(), "image/png")},
    )

    assert response.status_code == 302
    photo = HolderPhoto.objects.get(person=person)
    with photo.image.open("rb") as saved, Image.open(saved) as image:
        assert (image.format, image.size) == ("JPEG", (390, 520))


def test_the_bureau_searches_revokes_and_reissues_from_the_pages(
    issued, client, results, django_assert_max_num_queries
):
    client.force_login(results.bureau)
    with django_assert_max_num_queries(15):
        listing = client.get("/certificates/", {"q": "王"})
    assert "王芳" in listing.content.decode() and "李娜" not in listing.content.decode()

    certificate = Certificate.objects.get(holder_name="王芳")
    client.post(f"/certificates/{certificate.pk}/reissue/", {"reason": "证书遗失"})
    client.post(f"/certificates/{certificate.pk}/revoke/", {"reason": "学历造假", "fraud": "on"})

    certificate.refresh_from_db()
    assert certificate.issues.count() == 2
    assert certificate.status == Certificate.Status.REVOKED and certificate.revoked_for_fraud
    page = client.get(f"/certificates/{certificate.pk}/").content.decode()
    assert "学历造假" in page


def test_home_pages_list_the_filing_work(results):
    office = results.office.memberships.get(role=Role.JURY_OFFICE)
    bureau = results.bureau.memberships.get(role=Role.HR_BUREAU)
    meeting = results.meeting(1)
    assert f"/certificates/filings/new/{meeting.pk}/" in [i.url for i in todo_items(office)]

    results.submitted_filing(meeting)

    [waiting] = [i for i in todo_items(bureau) if i.url == "/certificates/filings/"]
    assert waiting.count == 1
    assert f"/certificates/filings/new/{meeting.pk}/" not in [i.url for i in todo_items(office)]
