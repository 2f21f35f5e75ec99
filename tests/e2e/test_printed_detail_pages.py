"""Printed, a detail page (a declaration, a certificate) shows only its content: no menu,
header, button or form; the print-only header carries the page's title and the time it was
printed; a table row is never cut across two pages."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates import services as certificate_services
from certificates.models import Certificate
from fixtures.demo_certificates import PublicizedResults
from tests.e2e.test_content_security_policy import signed_in_page, signing_key
from tests.pdf_reading import pdf_text

pytestmark = pytest.mark.browser

CHROME = (".site-header", ".main-nav", ".site-footer", "main form", "main button", "main .button")


def test_a_printed_detail_page_is_its_content_under_its_title(
    browser, browser_server, client, demo, settings
):
    settings.CERTIFICATE_SIGNING_KEY = signing_key()
    results = PublicizedResults(demo)
    filing = certificate_services.submit_filing(actor=results.office, meeting=results.meeting(2))
    certificate_services.approve_filing(
        filing,
        actor=results.bureau,
        document_number="示人社发〔2027〕12号",
        document_date=timezone.localdate(),
    )
    problems = []
    certificate = Certificate.objects.order_by("pk").first()
    pages = [
        (certificate.declaration.applicant, f"/declarations/{certificate.declaration_id}/"),
        (results.bureau, f"/certificates/{certificate.pk}/"),
    ]

    for user, path in pages:
        page, watch = signed_in_page(browser, browser_server, client, user, problems)
        assert page.goto(path).status == 200, path
        title = page.title()
        header = page.locator(".print-header")
        expect(header).to_be_hidden()
        assert page.locator(".main-nav").is_visible()

        page.emulate_media(media="print")
        for chrome in CHROME:
            for element in page.locator(chrome).all():
                expect(element).to_be_hidden()
        expect(header).to_be_visible()
        expect(header.locator(".print-title")).to_have_text(title)
        expect(page.locator("main h1")).to_be_visible()
        rows = page.locator("main tr, main dl.details > *")
        assert rows.count() > 0, path
        assert rows.first.evaluate("(row) => getComputedStyle(row).breakInside") == "avoid"

        text = pdf_text(page.pdf(format="A4"))
        first_line = text.strip().splitlines()[0]
        assert title in first_line and "Printed" in first_line, text[:300]
        assert "Sign out" not in text, path
        watch.check()
        page.context.close()

    assert not problems, "; ".join(problems)
