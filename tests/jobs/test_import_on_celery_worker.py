"""An import through a real Celery worker on Redis and PostgreSQL: the job waits in the queue,
a worker picks it up, and the page that showed its progress shows the accounts created."""

import time

import pytest
from django.core import mail

from accounts.models import Membership, Role
from tests.accounts.conftest import applicant_row, xlsx_upload
from tests.celery_worker import celery_worker

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(requires_postgres, tasks_on_redis):
    """Tasks wait on Redis until `celery_worker()` starts a real worker."""


def wait_until_finished(client, address, seconds=120):
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        status = client.get(address).json()
        seen.append(status["status"])
        if status["finished"]:
            return status, seen
        time.sleep(0.1)
    raise AssertionError(f"the job did not finish: {seen[-5:]}")


def test_an_import_job_goes_from_queued_to_its_result_on_a_real_worker(broker, tree, signed_in):
    client = signed_in(tree.company_hr)
    rows = [applicant_row(number) for number in range(1, 41)]

    started = client.post("/manage/applicants/import/", {"file": xlsx_upload(rows)})

    job_page = started["Location"]
    waiting = client.get(job_page).content.decode()
    assert "Queued" in waiting and 'id="job-progress"' in waiting
    assert "http-equiv" in waiting  # refreshes itself until the job is done
    status_address = job_page + "status.json"
    assert client.get(status_address).json()["status"] == "queued"
    assert not Membership.objects.filter(user__real_name__startswith="申报人").exists()

    with celery_worker():
        status, seen = wait_until_finished(client, status_address)
        assert (status["status"], status["done"], status["total"]) == ("succeeded", 40, 40)
        assert set(seen) <= {"queued", "running", "succeeded"}

        result = client.get(job_page).content.decode()
        assert "40 applicant accounts have been created." in result
        assert "申报人40" in result and "job-progress" not in result
        deadline = time.monotonic() + 30
        while len(mail.outbox) < 40 and time.monotonic() < deadline:
            time.sleep(0.1)

    created = Membership.objects.filter(organization=tree.company, role=Role.APPLICANT)
    assert created.filter(user__real_name__startswith="申报人").count() == 40
    assert len(mail.outbox) == 40  # one activation link each, sent by the worker
