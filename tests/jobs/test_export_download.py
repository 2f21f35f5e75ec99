"""A big export is made by a job: its page offers the finished file, which only the people
who may see the job download. The jury office's roster of a plan is one such export, started
from the declarations' roster page (/declarations/plans/<plan>/roster/)."""

import io

import pytest
from openpyxl import load_workbook

from applicants.models import Declaration
from applicants.selectors import roster_declarations
from jobs.models import Job
from tests.factories import DeclarationFactory
from titles.models import Level


@pytest.fixture
def office_client(demo, signed_in):
    """The office, with three of the demo plan's declarations past the qualification check."""
    employer = demo["users"]["employer"].memberships.get().organization
    DeclarationFactory.create_batch(
        3,
        employer=employer,
        plan=demo["plan"],
        level=Level.INTERMEDIATE,
        status=Declaration.Status.QUALIFIED,
    )
    return signed_in(demo["users"]["office"])


def roster_page(plan) -> str:
    return f"/declarations/plans/{plan.pk}/roster/"


def start_roster(client, plan, capture, *, run=True):
    with capture(execute=run):
        response = client.post(roster_page(plan))
    assert response.status_code == 302
    return Job.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))


def test_the_office_exports_the_roster_and_downloads_it_from_the_jobs_page(
    demo, office_client, django_capture_on_commit_callbacks
):
    plan = demo["plan"]
    asked = office_client.get(roster_page(plan))
    assert asked.status_code == 200 and "Prepare the file" in asked.content.decode()

    job = start_roster(office_client, plan, django_capture_on_commit_callbacks)
    page = office_client.get(f"/jobs/{job.pk}/").content.decode()
    expected = roster_declarations(plan).count()

    job.refresh_from_db()
    assert expected == 3 and (job.status, job.done, job.total) == ("succeeded", expected, expected)
    assert f'href="/jobs/{job.pk}/download/"' in page
    assert f'href="{roster_page(plan)}"' in page  # "Export the roster again"
    assert f"roster-plan-{plan.pk}.xlsx" in page and f"{expected} rows." in page
    download = office_client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Disposition"] == (f'attachment; filename="roster-plan-{plan.pk}.xlsx"')
    assert {"private", "no-store"} <= set(download["Cache-Control"].replace(" ", "").split(","))
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
        assert client.get(roster_page(demo["plan"])).status_code == 404
        assert client.post(roster_page(demo["plan"])).status_code == 404
    assert not Job.objects.exists()


def test_the_old_address_of_the_roster_page_still_leads_there(demo, office_client):
    old = f"/jobs/roster/{demo['plan'].pk}/"

    for method in (office_client.get, office_client.post):
        response = method(old)
        # 308 keeps the method: a form still posting to the old address starts the export.
        assert (response.status_code, response["Location"]) == (308, roster_page(demo["plan"]))
