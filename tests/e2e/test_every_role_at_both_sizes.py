"""Every demo role signs in and opens its home page, its main list and one detail page, in
Chinese and in English, on a 1366-pixel desktop and on a 390-pixel phone; the public result
publicity too, signed out. On the phone no page scrolls sideways (a wide table scrolls inside
its own box); no page has a script error, a console error, a refusal of the
Content-Security-Policy or a server error. A screenshot of each (role, page, language, size)
goes to test-artifacts/screenshots/roles/.

One browser context per role serves all its pages: the viewport is resized, the language is
switched with the header's own buttons."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Organization
from applicants.models import Declaration
from certificates.models import Filing
from fixtures.demo_cycle import DEMO_PASSWORD
from juries.models import PanelSeat, ResultPublicity, ReviewMeeting
from tests.e2e.page_problems import watch_for_errors
from tests.e2e.test_content_security_policy import signing_key
from tests.pdf_reading import pdf_text
from titles.models import EvaluationPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def pages_of_each_role():
    """username → [(page name, path)]: home, main list, one detail page (and the applicant's
    declaration form, the widest form of the product; the bureau's charts)."""
    plan = EvaluationPlan.objects.filter(status=EvaluationPlan.Status.OPEN).latest("pk")
    declarations = Declaration.objects.order_by("pk")
    meeting = ReviewMeeting.objects.filter(status=ReviewMeeting.Status.CONFIRMED).first()
    seat = PanelSeat.objects.filter(expert__user__username="expert").order_by("pk").first()
    publicity = ResultPublicity.objects.order_by("-pk").first()
    mine = declarations.filter(applicant__username="applicant").first()
    return {
        "applicant": [
            ("home", "/"),
            ("list", "/declarations/"),
            (
                "detail",
                f"/declarations/{mine.pk}/" if mine else f"/titles/plans/{plan.pk}/",
            ),
            ("form", "/declarations/new/"),
        ],
        "employer": [
            ("home", "/"),
            ("list", "/declarations/"),
            (
                "detail",
                f"/declarations/{declarations.filter(employer__name__contains='交通').first().pk}/",
            ),
        ],
        "department": [
            ("home", "/"),
            ("list", "/declarations/"),
            (
                "detail",
                f"/declarations/{declarations.get(status=Declaration.Status.DEPARTMENT_REVIEW).pk}/",
            ),
        ],
        "office": [
            ("home", "/"),
            ("list", "/juries/"),
            ("detail", f"/juries/meetings/{meeting.pk}/"),
        ],
        "expert": [
            ("home", "/"),
            ("list", "/juries/my/"),
            ("detail", f"/juries/seats/{seat.pk}/"),
        ],
        "bureau": [
            ("home", "/"),
            ("list", "/certificates/filings/"),
            ("detail", f"/certificates/filings/{Filing.objects.order_by('pk').first().pk}/"),
            ("statistics", "/statistics/"),
        ],
        "admin": [
            ("home", "/"),
            ("list", "/manage/organizations/"),
            ("detail", f"/manage/organizations/{Organization.objects.order_by('pk')[1].pk}/"),
        ],
        None: [
            ("list", "/juries/publicity/"),
            ("detail", f"/juries/publicity/{publicity.public_id}/"),
        ],
    }


def overflow(page):
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def widest_elements(page):
    """The elements reaching past the right edge, to say what to fix."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *, header *, nav *')]
            .filter(element => element.getBoundingClientRect().right >
                               document.documentElement.clientWidth + 1)
            .slice(0, 5)
            .map(element => element.tagName.toLowerCase() +
                 (element.className ? '.' + String(element.className).split(' ').join('.') : '') +
                 ' ' + Math.round(element.getBoundingClientRect().right) + 'px')"""
    )


def printed_page_is_only_its_content(page, path, folder):
    """Printed, a page shows no header, menu, button or form; the print header carries its
    title and the day, the bottom margin its page number."""
    page.set_viewport_size(DESKTOP)
    page.goto(path)
    title = page.title()
    page.emulate_media(media="print")
    for chrome in (".site-header", ".main-nav", ".site-footer", "main form", "main .button"):
        for element in page.locator(chrome).all():
            expect(element).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    pdf = page.pdf(format="A4")
    page.emulate_media(media="screen")
    (folder / "bureau-list-printed.pdf").write_bytes(pdf)
    text = pdf_text(pdf)
    top_margin = text.strip().splitlines()[0]
    assert title in top_margin and str(date.today().year) in top_margin, text[:300]
    assert re.search(r"\b1\s*/\s*\d+\s*$", text.strip().splitlines()[-1]), text[-300:]


def test_every_role_at_both_sizes_in_both_languages(
    browser, browser_server, screenshot_dir, settings
):
    settings.CERTIFICATE_SIGNING_KEY = signing_key()
    call_command("load_demo")
    folder = screenshot_dir / "roles"
    folder.mkdir(exist_ok=True)
    problems = []

    for username, pages in pages_of_each_role().items():
        who = username or "public"
        context = browser.new_context(base_url=browser_server.url, viewport=DESKTOP)
        page = context.new_page()
        watch = watch_for_errors(page, problems, who)
        page.goto("/login/")
        if username:
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="登录").click()
            expect(page.locator(".identity")).to_be_visible()

        for language in ("zh", "en"):
            if language == "en":
                page.get_by_role("button", name="English").click()
                expect(page.locator("html")).to_have_attribute("lang", "en")
            for size, viewport in SIZES.items():
                page.set_viewport_size(viewport)
                for name, path in pages:
                    response = page.goto(path)
                    where = f"{who} {name} {path} ({language}, {size})"
                    assert response.status == 200, where
                    expect(page.locator("html")).to_have_attribute(
                        "lang", "zh-hans" if language == "zh" else "en"
                    )
                    if size == "phone" and overflow(page) > 0:
                        problems.append(
                            f"{where}: {overflow(page)} px too wide: {widest_elements(page)}"
                        )
                    page.screenshot(
                        path=folder / f"{who}-{name}-{language}-{size}.jpeg",
                        full_page=True,
                        quality=70,
                    )
        if username == "bureau":
            printed_page_is_only_its_content(page, pages[1][1], folder)
        watch.check()
        context.close()

    assert not problems, "\n".join(problems)
