"""The pages run in Chromium under the Content-Security-Policy (this site's scripts and style
sheets only) without a single refusal: the statistics charts, the continuing-education year
bars, a filing's progress bar, the organization tree, the API docs and the Django admin still
draw at their sizes. And the watcher every browser test uses does report a refusal."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from applicants.models import Declaration
from certificates import services as certificate_services
from fixtures.demo_certificates import PublicizedResults
from fixtures.demo_continuing_ed import load_demo_continuing_ed
from juries.models import Jury
from tests.e2e.page_problems import watch_for_errors

pytestmark = pytest.mark.browser

S = Declaration.Status


def signed_in_page(browser, server, client, user, problems):
    """A page of `user`'s own browser, signed in with a session made by the test client (the
    sign-in page itself is tested elsewhere), reading English; watched for problems."""
    client.force_login(user)
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": server.url,
            },
            {"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": server.url},
        ]
    )
    page = context.new_page()
    return page, watch_for_errors(page, problems, user.username)


def box(locator):
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def signing_key() -> str:
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def test_the_pages_whose_sizes_come_from_data_draw_without_a_refusal(
    browser, browser_server, client, demo, settings
):
    settings.CERTIFICATE_SIGNING_KEY = signing_key()
    load_demo_continuing_ed(demo)
    results = PublicizedResults(demo)
    filing = certificate_services.submit_filing(actor=results.office, meeting=results.meeting(2))
    # Approved: the certificates are issued once it commits (tasks run in-process).
    certificate_services.approve_filing(
        filing,
        actor=results.bureau,
        document_number="示人社发〔2027〕12号",
        document_date=timezone.localdate(),
    )
    problems = []

    # The statistics: every chart drawn in a box as tall as the page asked.
    page, watch = signed_in_page(browser, browser_server, client, demo["users"]["bureau"], problems)
    page.goto("/statistics/")
    charts = page.locator(".stat-chart")
    expect(charts.first.locator("canvas")).to_have_attribute("data-rendered", "1")
    assert charts.count() >= 2
    for index in range(charts.count()):
        chart = charts.nth(index)
        expect(chart.locator("canvas")).to_have_attribute("data-rendered", "1")
        asked = int(chart.get_attribute("data-height"))
        assert asked > 0
        assert box(chart)["height"] == pytest.approx(asked, abs=1)
        canvas = box(chart.locator("canvas"))
        assert canvas["width"] > 0 and canvas["height"] == pytest.approx(asked, abs=1)

    # A filing's certificate issue: the progress bar spans its card.
    page.goto(f"/certificates/filings/{filing.pk}/")
    card = box(page.locator("#issue-progress"))
    progress = box(page.locator("#issue-progress progress"))
    assert progress["width"] > card["width"] * 0.8 and progress["height"] > 0
    assert page.locator("#issue-progress progress").evaluate("(bar) => bar.value") == 2
    watch.check()
    page.context.close()

    # The applicant's continuing education: one bar per year, its parts as long as the hours.
    page, watch = signed_in_page(
        browser, browser_server, client, demo["users"]["applicant"], problems
    )
    page.goto("/continuing-education/")
    bars = page.locator(".ce-bar")
    expect(bars.first).to_be_visible()
    for index in range(bars.count()):
        bar = box(bars.nth(index))
        professional = box(bars.nth(index).locator("rect.professional"))
        general = box(bars.nth(index).locator("rect.general"))
        assert bar["width"] > 0 and bar["height"] > 0
        assert 0 < professional["width"] < bar["width"]
        assert professional["height"] > 0
        assert general["height"] == pytest.approx(professional["height"], abs=1)
        assert general["x"] == pytest.approx(professional["x"] + professional["width"], abs=1)
    legend = page.locator(".ce-legend .swatch")
    assert [box(legend.nth(index))["width"] > 0 for index in range(3)] == [True] * 3
    assert page.locator("#id_from_year").evaluate("(input) => input.offsetWidth") < 150
    watch.check()
    page.context.close()

    # The organization tree: each level further in than the one above it.
    page, watch = signed_in_page(browser, browser_server, client, demo["users"]["admin"], problems)
    page.goto("/manage/organizations/")
    indents = page.locator("td[data-indent]").evaluate_all(
        """(cells) => cells.map((cell) => [
            Number(cell.dataset.indent), parseFloat(getComputedStyle(cell).paddingLeft)])"""
    )
    assert {level for level, _ in indents} >= {0, 1, 2}
    by_level = {level: padding for level, padding in indents}
    assert by_level[0] < by_level[1] < by_level[2]
    assert by_level[2] - by_level[1] == pytest.approx(by_level[1] - by_level[0])
    watch.check()
    page.context.close()

    assert not problems, "; ".join(problems)


def test_the_api_docs_and_the_django_admin_run_under_the_policy(
    browser, browser_server, client, demo, settings
):
    settings.API_DOCS_PUBLIC = False
    jury = Jury.objects.get(pk=demo["jury"].pk)
    problems = []
    page, watch = signed_in_page(browser, browser_server, client, demo["users"]["admin"], problems)

    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Professional Title Evaluation API"
    )
    expect(page.locator(".opblock").first).to_be_visible()
    page.locator(".opblock-summary").first.click()
    expect(page.get_by_role("button", name="Try it out").first).to_be_visible()
    watch.check()

    page.goto("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto("/admin/juries/jury/")
    expect(page.locator("#result_list")).to_contain_text(jury.name)
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_be_visible()
    page.goto(f"/admin/juries/jury/{jury.pk}/change/")
    expect(page.locator("#jury_form")).to_be_visible()
    page.goto(f"/admin/titles/evaluationplan/{demo['plan'].pk}/change/")
    # The date shortcuts and the calendar, elements the admin's scripts make and place.
    date = page.locator("input.vDateField").first
    date.fill("")
    shortcuts = page.locator(".datetimeshortcuts").first
    shortcuts.get_by_role("link", name="Today").click()
    expect(date).to_have_value(timezone.localdate().isoformat())
    shortcuts.get_by_role("link", name="Choose a Date").click()
    calendar = page.locator(".calendarbox").first
    expect(calendar).to_be_visible()
    assert box(calendar)["width"] > 0
    watch.check()
    page.context.close()

    assert not problems, "; ".join(problems)


def test_the_watcher_reports_what_the_policy_refused(browser, browser_server, transactional_db):
    context = browser.new_context(base_url=browser_server.url)
    page = context.new_page()
    problems = []
    watch = watch_for_errors(page, problems)
    page.goto("/login/")
    watch.check()
    assert problems == []

    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineScriptRan = true;";
                document.body.append(script);
                const note = document.createElement("div");
                note.innerHTML = '<p style="color: red">injected</p>';
                document.body.append(note);
            }"""
        )

    assert page.evaluate("() => window.inlineScriptRan") is None  # refused, not only reported
    watch.check()
    context.close()
    refused = [problem for problem in problems if problem.startswith("content security policy: ")]
    assert any("script-src-elem refused inline" in problem for problem in refused), problems
    assert any("style-src-attr refused inline" in problem for problem in refused), problems
    assert any(problem.startswith("content security policy (console): ") for problem in problems)
