"""In a real browser the progress page follows its job without being reloaded: the bar and the
counts move as the job reports progress, and the page turns into the result when the job is
done. Any script error or server error on the way fails the test."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from jobs.models import Job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_bar_follows_the_job_and_then_shows_the_result(
    browser, browser_server, tree, screenshot_dir
):
    user = tree.company_hr
    job = Job.objects.create(
        kind="tests.counting",
        requested_by=user,
        organization=tree.company,
        role="employer_hr",
        language="en",
    )
    signed_in = Client()
    signed_in.force_login(user)
    context = browser.new_context(base_url=browser_server.url)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": signed_in.cookies["sessionid"].value,
                "url": browser_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": browser_server.url},
        ]
    )
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", lambda r: r.status >= 500 and problems.append(f"HTTP {r.status}: {r.url}"))

    page.goto(f"/jobs/{job.pk}/")
    expect(page.locator("#job-progress [data-field=status_label]")).to_have_text("Queued")
    expect(page.get_by_text("Queued: it will start shortly.")).to_be_visible()

    Job.objects.filter(pk=job.pk).update(status="running", total=10, done=4)
    expect(page.locator("#job-progress [data-field=done]")).to_have_text("4", timeout=15_000)
    expect(page.locator("#job-progress [data-field=status_label]")).to_have_text("Running")
    expect(page.get_by_text("Queued: it will start shortly.")).to_be_hidden()
    expect(page.locator("#job-progress progress")).to_have_js_property("value", 4)
    page.screenshot(path=screenshot_dir / "job-progress.png", full_page=True)

    Job.objects.filter(pk=job.pk).update(
        status="succeeded", done=10, result={"created": 10}, finished_at=timezone.now()
    )
    expect(page.get_by_role("heading", name="The import is saved")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("10 rows added.")).to_be_visible()
    expect(page.locator("#job-progress")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "job-result.png", full_page=True)

    context.close()
    assert not problems, "; ".join(problems)
