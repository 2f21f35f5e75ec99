"""The queue may deliver a job's task more than once. A finished job is not run again; a job
whose worker died part way starts over, which is safe because an import saves everything in
one transaction or nothing; and a run that died right after that transaction committed is
recognized and finished, never saved twice."""

import pytest
from django.db import transaction

from accounts.jobs import import_applicants
from accounts.models import User
from jobs.models import Job
from jobs.services import AlreadySaved, run_job
from tests.accounts.conftest import applicant_row, xlsx_upload
from tests.jobs.conftest import RUNS


def imported_people():
    return User.objects.filter(real_name__startswith="申报人").count()


@pytest.fixture
def applicant_import(started, tree):
    def start(**kwargs):
        return started(
            "accounts.applicant_import",
            upload=xlsx_upload([applicant_row(1), applicant_row(2)]),
            organization=tree.company.pk,
            **kwargs,
        )

    return start


def test_a_finished_job_delivered_again_is_not_run_again(started):
    job = started(total=2)

    assert run_job(job.pk) == "skipped"
    assert RUNS.count(job.pk) == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("succeeded", 1)


def test_a_finished_import_delivered_again_creates_nobody_twice(applicant_import):
    job = applicant_import()

    assert run_job(job.pk) == "skipped"
    assert imported_people() == 2
    job.refresh_from_db()
    assert job.result["created"] == 2


def test_an_import_whose_worker_died_part_way_starts_over(applicant_import):
    job = applicant_import(run=False)
    # The first worker checked one row, then died: its transaction never committed.
    Job.objects.filter(pk=job.pk).update(status="running", attempts=1, total=2, done=1)

    assert run_job(job.pk) == "succeeded"

    job.refresh_from_db()
    assert (job.status, job.attempts, job.done, job.total) == ("succeeded", 2, 2, 2)
    assert job.result["created"] == 2
    assert imported_people() == 2


def test_an_import_that_died_after_saving_is_finished_not_saved_again(applicant_import):
    job = applicant_import()
    # As if the worker died between the import's commit and marking the job finished.
    Job.objects.filter(pk=job.pk).update(status="running", finished_at=None)

    assert run_job(job.pk) == "skipped"

    job.refresh_from_db()
    assert job.status == "succeeded" and job.result == {"recovered": True}
    assert imported_people() == 2


def test_of_two_runs_of_one_import_only_the_first_to_save_keeps_its_rows(applicant_import, tree):
    job = applicant_import(run=False)
    Job.objects.filter(pk=job.pk).update(status="running", attempts=2)
    job.refresh_from_db()
    # Another run of the same job (a second delivery) saved while this one was checking.
    with transaction.atomic():
        job.saved()
    job.saved_at = None

    with pytest.raises(AlreadySaved):
        import_applicants(job)

    assert imported_people() == 0
