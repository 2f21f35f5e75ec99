"""The demo HR bureau opens the statistics in a real browser: every chart is drawn by the
locally served Chart.js, nothing is fetched from another address, no script error occurs, and
a chart's data table opens beneath it."""

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from applicants.models import Declaration
from fixtures.demo_certificates import PublicizedResults
from fixtures.demo_cycle import DEMO_PASSWORD

pytestmark = pytest.mark.browser

S = Declaration.Status


def reviewed_declarations(demo):
    """A few declarations of the demo plan with review results (rows made directly)."""
    results = PublicizedResults(demo)
    now = timezone.now()
    Declaration.objects.bulk_create(
        Declaration(
            applicant=person,
            employer=results.employer,
            plan=results.plan,
            title=results.title,
            specialty=results.specialty,
            status=status,
            submitted_at=now,
            forwarded_to_office_at=now,
        )
        for person, status in zip(
            results.people(4), [S.PASSED, S.PASSED, S.FAILED, S.IN_RESULT_PUBLICITY], strict=True
        )
    )


def test_the_bureau_sees_every_chart_drawn_locally(browser, browser_server, demo, screenshot_dir):
    reviewed_declarations(demo)
    context = browser.new_context(
        base_url=browser_server.url, viewport={"width": 1280, "height": 900}
    )
    # English chosen with the language switch's cookie, so the test reads English labels.
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": browser_server.url}]
    )
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda message: message.type == "error" and problems.append(f"console: {message.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "request",
        lambda request: (
            not request.url.startswith(browser_server.url)
            and problems.append(f"external request: {request.url}")
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}")
        ),
    )

    page.goto("/login/")
    page.get_by_label("Username").fill("bureau")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Statistics").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics")
    canvases = page.locator("canvas[data-chart]")
    expect(canvases.first).to_be_visible()
    count = canvases.count()
    assert count >= 4  # stages, pass rates (series, level, employer), quotas, CE
    for index in range(count):
        expect(canvases.nth(index)).to_have_attribute("data-rendered", "1")
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(
            (canvas) => Boolean(window.Chart.getChart(canvas)) && canvas.width > 0)"""
    )
    assert drawn == [True] * count

    series = page.locator("section", has=page.get_by_role("heading", name="Pass rate by series"))
    series.get_by_text("Data table").click()
    expect(series.get_by_role("table")).to_be_visible()
    expect(series.get_by_role("row", name="Engineering")).to_contain_text("75.0%")

    page.screenshot(path=screenshot_dir / "statistics-bureau.png", full_page=True)
    context.close()
    assert not problems, "; ".join(problems)
