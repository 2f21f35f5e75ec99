"""On a 375-pixel-wide phone the sign-in and home pages need no sideways scrolling, and the
header, menu and to-do list are all reachable."""

import pytest
from playwright.sync_api import expect

from fixtures.demo_cycle import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_sign_in_and_home_fit_a_phone_screen(browser, browser_server, demo, screenshot_dir):
    context = browser.new_context(base_url=browser_server.url, viewport=PHONE, is_mobile=True)
    page = context.new_page()

    page.goto("/login/")
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "phone-login.png", full_page=True)

    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="待办事项")).to_be_visible()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "phone-home-office.png", full_page=True)
    context.close()


def test_the_keyboard_skips_the_header_to_the_content(browser, browser_server, demo):
    context = browser.new_context(base_url=browser_server.url)
    page = context.new_page()
    page.goto("/login/")
    # The username field has the focus on arrival, so the keyboard starts typing at once.
    expect(page.get_by_label("用户名")).to_be_focused()
    page.keyboard.type("applicant")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到主要内容")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.closest('header, nav') === null")
    context.close()


# Pages with tables, forms and form errors: the page itself never scrolls sideways (a wide
# table scrolls inside its .table-wrap), and the menu opens from its button with every entry
# on screen.
BUREAU_PAGES = [
    ("plan", "/titles/plans/{plan}/"),
    ("plan-list", "/titles/plans/"),
    ("new-plan", "/titles/plans/new/"),
    ("meetings", "/juries/"),
    ("quota-import", "/quotas/import/"),
    ("certificates", "/certificates/"),
]


def phone_context_signed_in(browser, browser_server, client, user):
    from django.conf import settings

    client.force_login(user)
    context = browser.new_context(base_url=browser_server.url, viewport=PHONE, is_mobile=True)
    host = browser_server.url.split("://", 1)[1].split(":")[0]
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"}]
    )
    return context


def test_work_pages_and_forms_with_errors_fit_a_phone_screen(
    browser, browser_server, client, demo, screenshot_dir
):
    context = phone_context_signed_in(browser, browser_server, client, demo["users"]["bureau"])
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "response",
        lambda response: response.status >= 500 and problems.append(f"HTTP {response.status}"),
    )

    for name, path in BUREAU_PAGES:
        page.goto(path.format(plan=demo["plan"].pk))
        assert page_width(page) <= PHONE["width"], name
        page.screenshot(path=screenshot_dir / f"phone-{name}.png", full_page=True)

    # Sent empty, the plan form comes back with its problems, still fitting the screen.
    page.goto("/titles/plans/new/")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "phone-new-plan-errors.png", full_page=True)

    # The menu hides behind its button; opened, every entry is on screen, none pushed off to
    # the side; Escape closes it again.
    toggle = page.locator(".nav-toggle")
    expect(page.locator(".main-nav a").first).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for entry in page.locator(".main-nav a").all():
        box = entry.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "phone-menu-open.png", full_page=True)
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    context.close()
    assert not problems, problems
