"""A job's page shows a progress bar that a small script keeps current from the job's status
address (and that refreshes itself without scripts); when the job is done the same page
shows its result instead."""

from django.contrib.staticfiles import finders

from tests.jobs.conftest import PROBES


def test_a_queued_job_shows_a_progress_bar_that_updates_itself(started, signed_in, tree):
    job = started(run=False, total=5)
    client = signed_in(tree.company_hr)

    page = client.get(f"/jobs/{job.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert '<section class="card job-progress" id="job-progress"' in html
    assert f'data-status-url="/jobs/{job.pk}/status.json"' in html
    assert "<progress>0%</progress>" in html  # indeterminate until the work is counted
    assert "Queued" in html and "Queued: it will start shortly." in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert 'src="/static/js/job_progress.js"' in html
    assert finders.find("js/job_progress.js")
    assert finders.find("css/jobs.css")


def test_the_status_address_reports_progress_while_the_job_runs(started, signed_in, tree):
    client = signed_in(tree.company_hr)
    seen = []

    def look(job):
        seen.append(client.get(f"/jobs/{job.pk}/status.json").json())

    PROBES.append(look)

    job = started(total=4)

    assert [(s["status"], s["done"], s["total"], s["percent"]) for s in seen] == [
        ("running", 1, 4, 25),
        ("running", 2, 4, 50),
        ("running", 3, 4, 75),
        ("running", 4, 4, 100),
    ]
    assert not any(s["finished"] for s in seen)
    assert seen[0]["status_label"] == "Running"
    finished = client.get(f"/jobs/{job.pk}/status.json")
    assert {"private", "no-store"} <= set(finished["Cache-Control"].replace(" ", "").split(","))
    assert finished.json() == {
        "id": job.pk,
        "status": "succeeded",
        "status_label": "Finished",
        "finished": True,
        "total": 4,
        "done": 4,
        "percent": 100,
    }


def test_the_page_of_a_running_job_shows_how_far_it_got(started, signed_in, tree):
    client = signed_in(tree.company_hr)
    pages = []
    PROBES.append(lambda job: pages.append(client.get(f"/jobs/{job.pk}/").content.decode()))

    started(total=2)

    assert '<progress max="2" value="1">50%</progress>' in pages[0]
    assert '<strong data-field="status_label">Running</strong>' in pages[0]


def test_a_finished_job_shows_its_result_and_stops_refreshing(started, signed_in, tree):
    job = started(total=3)
    client = signed_in(tree.company_hr)

    html = client.get(f"/jobs/{job.pk}/").content.decode()

    assert job.status == "succeeded" and job.finished_at is not None
    assert "The import is saved" in html and "3 rows added." in html
    assert "job-progress" not in html
    assert "http-equiv" not in html and "job_progress.js" not in html


def test_my_jobs_lists_the_jobs_i_started_newest_first(started, signed_in, tree):
    first = started(total=1)
    second = started(run=False, total=1)
    client = signed_in(tree.company_hr)

    page = client.get("/jobs/")

    assert [job.pk for job in page.context["page"].object_list] == [second.pk, first.pk]
    html = page.content.decode()
    assert f'href="/jobs/{first.pk}/"' in html and "Finished" in html and "Queued" in html
