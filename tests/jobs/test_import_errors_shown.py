"""An import that finds bad rows saves nothing, and its page lists every bad row with its
row, column and reason. A file that is not a workbook, or too big, is refused on the form
before any job is made; a job that breaks says so and saves nothing."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from jobs.models import Job
from jobs.services import run_job
from tests.accounts.conftest import BAD_RESIDENT_ID, applicant_row, xlsx_upload

IMPORT_PAGE = "/manage/applicants/import/"


def test_every_bad_row_is_listed_with_its_row_column_and_reason(
    signed_in, tree, django_capture_on_commit_callbacks
):
    client = signed_in(tree.company_hr)
    rows = [
        applicant_row(1),
        applicant_row(2, id_number=BAD_RESIDENT_ID),
        applicant_row(3, email="not-an-address"),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(IMPORT_PAGE, {"file": xlsx_upload(rows)})
    page = client.get(started["Location"])

    job = page.context["job"]
    assert job.status == "failed"
    assert [(error["row"], error["column"]) for error in job.errors] == [
        (3, "C · ID number"),
        (4, "E · E-mail"),
    ]
    html = page.content.decode()
    assert "Nothing was imported" in html
    assert "The file has 2 problems. Correct them and upload the whole file again." in html
    assert '<td class="numeric">3</td>' in html and '<td class="numeric">4</td>' in html
    assert "C · ID number" in html and "check digit is wrong" in html
    assert not User.objects.filter(real_name__startswith="申报人").exists()


def test_the_uploaded_file_is_not_kept_once_the_job_is_done(
    started, tree, django_capture_on_commit_callbacks
):
    job = started(
        "accounts.applicant_import",
        run=False,
        upload=xlsx_upload([applicant_row(1, id_number=BAD_RESIDENT_ID)]),
        organization=tree.company.pk,
    )
    kept = job.input_file.name
    assert default_storage.exists(kept)

    with django_capture_on_commit_callbacks(execute=True):
        assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.input_name == "applicants.xlsx" and not job.input_file
    assert not default_storage.exists(kept)


def test_a_problem_found_by_the_test_kind_is_shown_with_its_column(started, signed_in, tree):
    job = started(behaviour="reject")

    html = signed_in(tree.company_hr).get(f"/jobs/{job.pk}/").content.decode()

    assert "The file has 1 problem. Correct it and upload the whole file again." in html
    assert "B · Year" in html and "Not a year." in html


def test_a_job_that_breaks_says_so(started, signed_in, tree, caplog):
    job = started(behaviour="crash")

    html = signed_in(tree.company_hr).get(f"/jobs/{job.pk}/").content.decode()

    assert job.status == "failed" and job.errors == []
    assert "stopped because of an unexpected error, and nothing was saved" in html
    assert "the runner broke" in caplog.text  # logged for the administrator, not shown
    assert "the runner broke" not in html


def test_a_file_that_is_not_a_workbook_is_refused_on_the_form(signed_in, tree):
    client = signed_in(tree.company_hr)
    renamed = SimpleUploadedFile("applicants.xlsx", b"real name,id\n", content_type="text/csv")

    response = client.post(IMPORT_PAGE, {"file": renamed})

    assert response.status_code == 400
    assert "This file is not an Excel workbook (.xlsx)" in response.content.decode()
    assert not Job.objects.exists()


def test_a_file_over_the_size_limit_is_refused_on_the_form(signed_in, tree, settings):
    settings.BULK_IMPORT_MAX_FILE_BYTES = 1024
    client = signed_in(tree.company_hr)

    response = client.post(IMPORT_PAGE, {"file": xlsx_upload([applicant_row(1)])})

    assert response.status_code == 400
    assert "“applicants.xlsx” is larger than 1.0\xa0KB" in response.content.decode()
    assert not Job.objects.exists()


def test_a_file_with_very_many_bad_rows_lists_the_first_ones_and_counts_them_all(
    signed_in, tree, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("jobs.services.PROBLEMS_KEPT", 2)
    client = signed_in(tree.company_hr)
    rows = [applicant_row(n, email="wrong") for n in range(1, 5)]

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(IMPORT_PAGE, {"file": xlsx_upload(rows)})
    page = client.get(started["Location"])

    assert [error["row"] for error in page.context["job"].errors] == [2, 3]
    html = page.content.decode()
    assert "The file has 4 problems." in html
    assert "Only the first 2 problems are listed." in html
