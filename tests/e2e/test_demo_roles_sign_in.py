"""Every demo account signs in through the real page, lands on its home page in Chinese,
switches to English and signs out, in a real browser. Any script error or server error on the
way fails the test."""

import re

import pytest
from playwright.sync_api import expect

from fixtures.demo_cycle import DEMO_PASSWORD
from tests.e2e.page_problems import watch_for_errors

pytestmark = pytest.mark.browser

# username → (role as the header shows it in Chinese, and in English)
DEMO_ROLES = {
    "admin": ("系统管理员", "Administrator"),
    "bureau": ("人社部门工作人员", "HR bureau staff"),
    "department": ("主管部门审核人员", "Competent department reviewer"),
    "employer": ("用人单位人事", "Employer HR staff"),
    "office": ("评委会办公室工作人员", "Jury office staff"),
    "applicant": ("申报人", "Applicant"),
    "expert": ("评审专家", "Jury expert"),
}


def test_each_demo_role_signs_in_sees_home_in_chinese_then_english(
    browser, browser_server, demo, screenshot_dir
):
    for username, (role_zh, role_en) in DEMO_ROLES.items():
        real_name = demo["users"][username].real_name
        # A browser that asks for English still gets the Chinese product first.
        context = browser.new_context(
            base_url=browser_server.url,
            locale="en-US",
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        problems = []
        watch_for_errors(page, problems)

        page.goto("/")
        expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(f"您好，{real_name}")
        expect(page.locator(".identity .role")).to_have_text(role_zh)
        expect(page.get_by_role("heading", name="待办事项")).to_be_visible()
        page.screenshot(path=screenshot_dir / f"home-{username}-zh.png", full_page=True)

        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {real_name}")
        expect(page.locator(".identity .role")).to_have_text(role_en)
        expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
        page.screenshot(path=screenshot_dir / f"home-{username}-en.png", full_page=True)

        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(re.compile(r"/login/$"))
        expect(page.get_by_text("You have signed out.")).to_be_visible()

        context.close()
        assert not problems, f"{username}: " + "; ".join(problems)
