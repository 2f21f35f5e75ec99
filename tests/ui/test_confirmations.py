"""Irreversible actions ask first. A form carrying data-confirm asks window.confirm(message)
before it is sent: declined, nothing happens; accepted, the form is sent once, its button then
disabled so a second click sends nothing more. Works from the keyboard too."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from titles.models import EvaluationPlan

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# Every irreversible action of these apps: (template, something inside its form).
IRREVERSIBLE = [
    ("accounts/manage/applicant_import.html", "manage:applicant_import"),
    ("certificates/certificate_detail.html", "certificates:reissue"),
    ("certificates/certificate_detail.html", "certificates:revoke"),
    ("certificates/filing_detail.html", "certificates:filing_approve"),
    ("certificates/filing_detail.html", "certificates:filing_return"),
    ("certificates/filing_new.html", "Submit to the HR bureau"),
    ("continuing_ed/bulk_decide.html", 'value="confirm"'),
    ("continuing_ed/course.html", "continuing_ed:complete"),
    ("continuing_ed/import.html", 'translate "Import"'),
    ("continuing_ed/review.html", "continuing_ed:certify"),
    ("continuing_ed/review.html", "continuing_ed:reject"),
    ("juries/ballot.html", "Cast my ballot"),
    ("juries/confirm.html", "Confirm and sign the result"),
    ("juries/interests.html", "juries:interest_withdraw"),
    ("juries/interests.html", 'translate "Declare"'),
    ("juries/expert_bulk.html", 'value="confirm"'),
    ("juries/jury_detail.html", 'value="approve"'),
    ("juries/meeting_detail.html", "juries:candidate_remove"),
    ("juries/meeting_detail.html", "juries:meeting_apply"),
    ("juries/meeting_detail.html", "juries:meeting_draw"),
    ("juries/meeting_detail.html", "juries:ballot_open"),
    ("juries/meeting_detail.html", "juries:ballot_close"),
    ("juries/meeting_detail.html", "juries:meeting_approve"),
    ("juries/meeting_detail.html", "juries:meeting_return"),
    ("juries/meeting_panel.html", "juries:seat_replace"),
    ("juries/meeting_panel.html", "juries:meeting_recuse"),
    ("juries/my_results.html", "juries:reexamination_request"),
    ("juries/objection_detail.html", "Record the outcome"),
    ("juries/publish.html", 'translate "Publish"'),
    ("juries/reexamination_detail.html", "Send the answer"),
    ("juries/seat_detail.html", 'value="sign"'),
    ("juries/seat_detail.html", 'value="decline"'),
    ("juries/seat_detail.html", 'value="interest"'),
    ("publicity/detail.html", "Submit the objection"),
    ("quotas/institution.html", "quotas:approve"),
    ("titles/plan_detail.html", "'open'"),
    ("titles/plan_detail.html", "'close'"),
    ("titles/plan_detail.html", "'finish'"),
]


def opening_tag_of_form_around(source, marker):
    at = source.index(marker)
    start = source.rindex("<form", 0, at)
    assert "</form>" not in source[start:at], f"{marker} is not inside a form"
    return source[start : source.index(">", source.index('method="post"', start)) + 1]


@pytest.mark.parametrize(("template", "marker"), IRREVERSIBLE)
def test_each_irreversible_form_asks_for_a_translated_confirmation(template, marker):
    tag = opening_tag_of_form_around((TEMPLATES / template).read_text(), marker)

    assert re.search(r'data-confirm="\{% (translate|blocktranslate)', tag), tag


def test_every_page_loads_the_confirmation_script(client, db):
    page = client.get("/login/").content.decode()

    assert '<script src="/static/js/confirm.js" defer></script>' in page


# In the browser: the HR bureau closes the declarations of the demo plan.


def signed_in_bureau(browser, browser_server, client, demo):
    client.force_login(demo["users"]["bureau"])
    context = browser.new_context(base_url=browser_server.url)
    host = browser_server.url.split("://", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "domain": host, "path": "/"},
        ]
    )
    return context


def watch(page):
    problems, dialogs = [], []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "response",
        lambda response: response.status >= 500 and problems.append(f"HTTP {response.status}"),
    )
    return problems, dialogs


def plan_status(plan):
    plan.refresh_from_db()
    return plan.status


@pytest.mark.browser
def test_a_declined_confirmation_changes_nothing_and_an_accepted_one_acts(
    browser, browser_server, client, demo
):
    plan = demo["plan"]
    assert plan.status == EvaluationPlan.Status.OPEN
    context = signed_in_bureau(browser, browser_server, client, demo)
    page = context.new_page()
    problems, dialogs = watch(page)
    page.goto(f"/titles/plans/{plan.pk}/")
    close = page.get_by_role("button", name="Close declarations")

    def decline(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    # From the keyboard: focus the button, press Enter.
    close.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert dialogs == ["Close declarations now? Applicants can no longer submit to this plan."]
    expect(page).to_have_url(re.compile(rf"/titles/plans/{plan.pk}/$"))
    expect(close).to_be_enabled()
    assert plan_status(plan) == EvaluationPlan.Status.OPEN

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    close.click()
    expect(page.get_by_role("button", name="Mark as finished")).to_be_visible()
    assert len(dialogs) == 2
    assert plan_status(plan) == EvaluationPlan.Status.CLOSED
    context.close()
    assert not problems, problems


@pytest.mark.browser
def test_a_confirmed_form_is_sent_only_once(browser, browser_server, client, demo):
    plan = demo["plan"]
    context = signed_in_bureau(browser, browser_server, client, demo)
    page = context.new_page()
    problems, dialogs = watch(page)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.goto(f"/titles/plans/{plan.pk}/")
    # Count the submissions that would leave for the server, and keep the page here (as a slow
    # server would) to try again while the first one is on its way.
    page.evaluate(
        """() => {
            window.sent = 0;
            window.addEventListener("submit", (event) => {
                if (!event.defaultPrevented) { window.sent += 1; event.preventDefault(); }
            });
        }"""
    )
    close = page.get_by_role("button", name="Close declarations")

    close.click()
    expect(close).to_be_disabled()
    close.click(force=True)  # a disabled button does nothing
    page.locator("form[data-confirm]").evaluate("form => form.requestSubmit()")  # Enter, say

    assert page.evaluate("window.sent") == 1
    assert len(dialogs) == 1
    assert plan_status(plan) == EvaluationPlan.Status.OPEN  # held back above, never sent
    context.close()
    assert not problems, problems
