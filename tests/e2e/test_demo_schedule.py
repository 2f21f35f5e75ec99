"""`make demo`'s configuration runs production's periodic tasks beside the web server
(`manage.py run_schedule`, no broker): a result publicity whose last day passes while the
demo runs shows as closed on its public page without anyone acting. The scheduler runs as its
own process against this test's database, as `make demo` runs it beside runserver; the
subprocess cannot share a patched clock, so the day passing is the publicity's last day set
to yesterday."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from juries.models import ResultPublicity
from tests.e2e.page_problems import watch_for_errors
from tests.juries.conftest import JuryWorld

pytestmark = pytest.mark.browser


def _database_url() -> str:
    """This test's database (the live server's), as a DATABASE_URL for another process."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


@pytest.fixture
def scheduler(requires_postgres):
    """`manage.py run_schedule --every 1` in its own process, configured as `make demo` is:
    no broker, no Redis, tasks in-process."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "CELERY_RESULT_BACKEND": "",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_schedule", "--every", "1"],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    output, _ = process.communicate(timeout=20)
    print(output)  # shown when the test fails


def test_a_publicity_ending_while_the_demo_runs_closes_without_anyone_acting(
    browser, browser_server, demo, monkeypatch, scheduler, screenshot_dir
):
    world = JuryWorld(demo, monkeypatch)
    publicity = world.publicized()
    context = browser.new_context(base_url=browser_server.url, locale="en-US")
    context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": browser_server.url}]
    )
    page = context.new_page()
    problems = []
    watch_for_errors(page, problems)
    page.goto(f"/juries/publicity/{publicity.public_id}/")
    expect(page.get_by_role("button", name="Submit the objection")).to_be_visible()
    expect(page.locator(".publicity-closed")).to_have_count(0)

    # The publicity's last day passes: it was yesterday.
    today = timezone.localdate()
    ResultPublicity.objects.filter(pk=publicity.pk).update(
        starts_on=today - timedelta(days=10), ends_on=today - timedelta(days=1)
    )

    # Nobody acts; a reader looking again within a few seconds finds it closed.
    deadline = time.monotonic() + 30
    closed = page.locator(".publicity-closed")
    while time.monotonic() < deadline and closed.count() == 0:
        assert scheduler.poll() is None, "the scheduler stopped"
        time.sleep(0.5)
        page.reload()
    expect(closed).to_contain_text("The publicity closed on")
    expect(page.get_by_text("objections are no longer accepted here")).to_be_visible()
    page.screenshot(path=screenshot_dir / "publicity-closed-by-the-schedule.png", full_page=True)
    publicity.refresh_from_db()
    assert publicity.closed_at is not None
    assert publicity.meeting.candidates.get().ready_for_filing_at is not None
    context.close()
    assert not problems, "; ".join(problems)
