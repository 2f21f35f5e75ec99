"""Fixtures for background jobs: the accounts tree (small and quick), a colleague of its
company HR, and a counting job kind whose runner a test can steer and watch."""

import pytest
from django.utils import translation

from accounts.models import Role
from accounts.services import create_account
from jobs.registry import IMPORT, JobRejected, RowProblem, register
from tests.accounts.conftest import PASSWORD, tree  # noqa: F401

# Every run of the counting kind, by job id, and what to call after each step it counts.
RUNS = []
PROBES = []


@register("tests.counting", label="Counting", category=IMPORT)
def count_rows(job):
    RUNS.append(job.pk)
    job.set_total(job.params.get("total", 3))
    for _step in range(job.total):
        job.advance()
        for probe in PROBES:
            probe(job)
    if job.params.get("behaviour") == "reject":
        raise JobRejected([RowProblem(row=2, column="B · Year", reason="Not a year.")])
    if job.params.get("behaviour") == "crash":
        raise RuntimeError("the runner broke")
    return {"created": job.total}


@pytest.fixture(autouse=True)
def _english(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    RUNS.clear()
    PROBES.clear()
    with translation.override("en"):
        yield
    PROBES.clear()


@pytest.fixture
def colleague(tree):  # noqa: F811
    """Another HR staff member of the same company."""
    return create_account(
        actor=None,
        organization=tree.company,
        role=Role.EMPLOYER_HR,
        username="company_hr2",
        real_name="同事",
        password=PASSWORD,
        email="company_hr2@example.test",
    )


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def started(tree, django_capture_on_commit_callbacks):  # noqa: F811
    """Start a job as the company HR, acting in their membership; `run=True` runs it the way
    the queue would once the request commits."""
    from jobs.services import start_job

    def start(kind="tests.counting", *, run=True, user=None, upload=None, **params):
        user = user or tree.company_hr
        membership = user.memberships.get()
        with django_capture_on_commit_callbacks(execute=run):
            job = start_job(
                kind=kind, user=user, membership=membership, params=params, upload=upload
            )
        job.refresh_from_db()
        return job

    return start
