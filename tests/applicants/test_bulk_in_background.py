"""A move of more declarations than BULK_MOVE_BACKGROUND_THRESHOLD runs as a background job:
the confirmation opens the job's page, which shows the progress and then each declaration's
result; the job asks again, when it runs, whether its requester still acts in the role."""

import re

import pytest

from applicants.models import Declaration
from jobs.models import Job
from tests.applicants.bulk_world import at_stage, result_rows, statuses

S = Declaration.Status


@pytest.fixture(autouse=True)
def _english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.BULK_MOVE_BACKGROUND_THRESHOLD = 5


def test_a_big_selection_runs_as_a_job_with_per_item_results(
    world, client, django_capture_on_commit_callbacks
):
    recommended = at_stage(world, 6, S.RECOMMENDED)
    qualified = at_stage(world, 2, S.QUALIFIED)
    chosen = recommended + qualified
    client.force_login(world.office)

    preview = client.post(
        "/declarations/bulk/preview/", {"move": "start_check", "ids": [d.pk for d in chosen]}
    ).content.decode()
    assert "runs in the background" in preview

    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer = client.post(
            "/declarations/bulk/confirm/",
            {"move": "start_check", "ids": ",".join(str(d.pk) for d in chosen)},
        )
    job = Job.objects.get(kind="applicants.bulk_move")
    assert answer["Location"] == f"/jobs/{job.pk}/"
    assert job.params["ids"] == [d.pk for d in chosen]
    waiting = client.get(answer["Location"]).content.decode()
    assert "Progress" in waiting and 'id="job-progress"' in waiting
    assert set(statuses(chosen).values()) == {S.RECOMMENDED, S.QUALIFIED}

    for callback in queued:  # the worker picks the job up
        callback()

    job.refresh_from_db()
    assert (job.status, job.total, job.done) == (Job.Status.SUCCEEDED, 8, 8)
    assert (job.result["moved"], job.result["refused"]) == (6, 2)
    html = client.get(answer["Location"]).content.decode()
    assert "6 moved" in html and "2 refused" in html
    rows = result_rows(html)
    assert all("Moved" in rows[d.pk] for d in recommended)
    assert all("Refused" in rows[d.pk] and "cannot be moved by" in rows[d.pk] for d in qualified)
    now = statuses(chosen)
    assert {now[d.pk] for d in recommended} == {S.QUALIFICATION_CHECK}


def test_the_job_refuses_to_run_for_someone_who_lost_the_role(
    world, client, django_capture_on_commit_callbacks
):
    recommended = at_stage(world, 6, S.RECOMMENDED)
    client.force_login(world.office)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer = client.post(
            "/declarations/bulk/confirm/",
            {"move": "start_check", "ids": ",".join(str(d.pk) for d in recommended)},
        )
    world.office.memberships.update(is_active=False)
    for callback in queued:
        callback()

    job = Job.objects.get(kind="applicants.bulk_move")
    assert job.status == Job.Status.FAILED
    assert "no longer act in the role" in job.message
    assert set(statuses(recommended).values()) == {S.RECOMMENDED}
    assert re.fullmatch(r"/jobs/\d+/", answer["Location"])
