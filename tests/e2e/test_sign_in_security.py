"""Sign-in security in a real browser under the Content-Security-Policy: a bureau member must
set up the second factor at first sign-in (QR code, six-digit code, backup codes), is asked for
the code next time, and five wrong passwords lock the account with a message saying until when."""

import pytest
from django.conf import settings as django_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.page_problems import watch_for_errors
from tests.factories import PASSWORD, AccountFactory, OrganizationFactory

pytestmark = pytest.mark.browser


def code_of(device, steps_ahead=0):
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:06d}"


def english_page(browser, server):
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": server.url}]
    )
    return context.new_page()


def sign_in(page, username, password):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_bureau_member_enrols_and_is_asked_for_the_code_next_time(
    browser, browser_server, demo, settings, screenshot_dir
):
    settings.SECOND_FACTOR_REQUIRED = True
    bureau = demo["users"]["bureau"]
    bureau.set_password(PASSWORD)
    bureau.must_change_password = False
    bureau.save()
    problems = []
    page = english_page(browser, browser_server)
    watch = watch_for_errors(page, problems, "bureau")

    sign_in(page, "bureau", PASSWORD)
    expect(page.get_by_role("heading", name="Set up a second factor")).to_be_visible()
    qr = page.locator(".qr-code svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] > 100
    # Every other page waits for the second factor, so the menu is not offered yet.
    expect(page.locator("nav.main-nav")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "second-factor-setup.png", full_page=True)

    page.get_by_role("textbox", name="Code").fill(code_of(TOTPDevice.objects.get(user=bureau)))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    assert page.locator(".backup-codes li").count() == 10
    page.get_by_role("link", name="I have kept them, continue").click()
    expect(page.locator("main")).to_be_visible()
    assert "/account/second-factor" not in page.url

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "bureau", PASSWORD)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_role("textbox", name="Code").fill(code_of(TOTPDevice.objects.get(user=bureau), 1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Sign-in and security")).to_be_visible()
    page.get_by_role("link", name="Sign-in and security").click()
    expect(
        page.get_by_text("Signing in asks for a code from your authenticator app.")
    ).to_be_visible()

    watch.check()
    assert problems == []


def test_five_wrong_passwords_lock_the_account_with_a_message(browser, browser_server, db):
    enterprise = OrganizationFactory(parent=OrganizationFactory())
    AccountFactory(username="locked-person", organization=enterprise)
    problems = []
    page = english_page(browser, browser_server)
    watch = watch_for_errors(page, problems, "guesser")

    for _attempt in range(5):
        sign_in(page, "locked-person", "Wrong-Password-1")
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")

    sign_in(page, "locked-person", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("even with the right password")
    assert "/login/" in page.url

    watch.check()
    # The 429 answers are the lockout itself, not a fault.
    assert [p for p in problems if "429" not in p] == []
