"""The declaration list in a browser: the filter bar fits one row on a desktop and the page
never scrolls sideways on a phone; "select all on this page" ticks every row; a search by ID
number leaves no number in the address bar. Screenshots of both sizes are kept."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from applicants.permissions import declarations_for_membership
from fixtures.demo_cycle import DEMO_PASSWORD
from fixtures.demo_declarations import load_demo_declarations
from tests.e2e.page_problems import PageWatch

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def signed_in(browser, server, viewport, username):
    context = browser.new_context(base_url=server.url, viewport=viewport)
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return context, page


def test_the_list_at_both_sizes(browser, browser_server, demo, screenshot_dir):
    load_demo_declarations(demo)
    office = User.objects.get(username="office")
    visible = declarations_for_membership(office.memberships.get()).select_related("applicant")
    number = visible.exclude(applicant__id_number="").first().applicant.id_number
    problems = []

    context, page = signed_in(browser, browser_server, DESKTOP, "office")
    PageWatch(page, problems, "desktop")
    page.goto("/declarations/")
    bar = [
        page.get_by_label("姓名或单位"),
        page.get_by_label("状态", exact=True),
        page.get_by_label("评审计划", exact=True).or_(page.locator("#id_plan")).first,
        page.get_by_role("button", name="筛选", exact=True),
        page.get_by_role("textbox", name="证件号码"),
    ]
    tops = [control.bounding_box()["y"] for control in bar]
    assert max(tops) - min(tops) < 12, f"the filter bar wraps on a desktop: {tops}"
    page.screenshot(path=screenshot_dir / "declarations-desktop-office.png", full_page=True)

    rows = page.locator('input[name="ids"]')
    page.get_by_label("全选本页").check()
    assert rows.count() > 0
    assert all(rows.nth(index).is_checked() for index in range(rows.count()))

    page.get_by_role("textbox", name="证件号码").fill(number)
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(page.get_by_text("正在按证件号码")).to_be_visible()
    assert number not in page.url
    page.screenshot(path=screenshot_dir / "declarations-id-search-office.png", full_page=True)
    context.close()

    context, page = signed_in(browser, browser_server, PHONE, "office")
    PageWatch(page, problems, "phone")
    page.goto("/declarations/")
    page.get_by_text("更多筛选").click()
    expect(page.get_by_label("提交日期自")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the list scrolls sideways on a phone: {width}px"
    page.screenshot(path=screenshot_dir / "declarations-phone-office.png", full_page=True)
    context.close()
    assert not problems, "; ".join(problems)
