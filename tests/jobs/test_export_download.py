"""A big export is made by a job: its page offers the finished file, which only the people
who may see the job download. The jury office's roster of a plan is one such export."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import Membership, Role, User
from applicants.models import Declaration
from applicants.selectors import roster_declarations
from jobs.models import Job
from titles.models import Level, Specialty, TitleName


@pytest.fixture
def office_client(demo, signed_in):
    """The office, with three of the demo plan's declarations past the qualification check."""
    employer = demo["users"]["employer"].memberships.get().organization
    for number in range(3):
        applicant = User.objects.create(username=f"roster{number}", real_name=f"花名册{number}")
        Membership.objects.create(user=applicant, organization=employer, role=Role.APPLICANT)
        Declaration.objects.create(
            applicant=applicant,
            employer=employer,
            plan=demo["plan"],
            title=TitleName.objects.get(series__code="GC", level=Level.INTERMEDIATE),
            specialty=Specialty.objects.filter(series__code="GC").first(),
            status=Declaration.Status.QUALIFIED,
        )
    return signed_in(demo["users"]["office"])


def start_roster(client, plan, capture, *, run=True):
    with capture(execute=run):
        response = client.post(f"/jobs/roster/{plan.pk}/")
    assert response.status_code == 302
    return Job.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))


def test_the_office_exports_the_roster_and_downloads_it_from_the_jobs_page(
    demo, office_client, django_capture_on_commit_callbacks
):
    plan = demo["plan"]
    asked = office_client.get(f"/jobs/roster/{plan.pk}/")
    assert asked.status_code == 200 and "Prepare the file" in asked.content.decode()

    job = start_roster(office_client, plan, django_capture_on_commit_callbacks)
    page = office_client.get(f"/jobs/{job.pk}/").content.decode()
    expected = roster_declarations(plan).count()

    job.refresh_from_db()
    assert expected == 3 and (job.status, job.done, job.total) == ("succeeded", expected, expected)
    assert f'href="/jobs/{job.pk}/download/"' in page
    assert f"roster-plan-{plan.pk}.xlsx" in page and f"{expected} rows." in page
    download = office_client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Disposition"] == (f'attachment; filename="roster-plan-{plan.pk}.xlsx"')
    assert download["Cache-Control"] == "private, no-store"
    rows = list(load_workbook(io.BytesIO(download.getvalue())).active.iter_rows(values_only=True))
    assert rows[0][0] == plan.name
    assert len(rows) == 2 + expected
    first = roster_declarations(plan).first()
    assert rows[2][1] == first.applicant.real_name


def test_there_is_nothing_to_download_before_the_file_is_ready(
    demo, office_client, django_capture_on_commit_callbacks
):
    job = start_roster(office_client, demo["plan"], django_capture_on_commit_callbacks, run=False)

    assert office_client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert "Download" not in office_client.get(f"/jobs/{job.pk}/").content.decode()


def test_only_the_plans_office_may_export_its_roster(demo, signed_in):
    for person in ("bureau", "employer", "applicant"):
        client = signed_in(demo["users"][person])
        assert client.get(f"/jobs/roster/{demo['plan'].pk}/").status_code == 404
        assert client.post(f"/jobs/roster/{demo['plan'].pk}/").status_code == 404
    assert not Job.objects.exists()
