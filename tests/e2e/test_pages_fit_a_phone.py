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
