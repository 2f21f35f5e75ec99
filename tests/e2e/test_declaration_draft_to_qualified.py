"""A declaration goes from draft to qualified through the browser alone, on the demo data,
each person in their own browser: the applicant fills and saves the form, uploads PDFs, reads
the findings and submits with the pledge; the employer starts the unit publicity and, once it
has ended, recommends; the jury office requests a correction with two problems; the applicant
corrects and resubmits; the office passes the qualification check. Any script error or server
error on the way fails the test; every stage is photographed."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from playwright.sync_api import expect

from applicants import selectors as declaration_selectors
from applicants import services as declaration_services
from applicants import workflow
from applicants.models import Declaration, UnitPublicity
from fixtures.demo_continuing_ed import load_demo_continuing_ed
from fixtures.demo_cycle import DEMO_PASSWORD, PLAN_YEAR
from fixtures.demo_declarations import load_demo_declarations
from quotas.services import recompute_quotas
from tests.e2e.declaration_actions import act, unfold
from tests.e2e.page_problems import watch_for_errors
from titles.models import Level
from titles.selectors import condition_for

pytestmark = pytest.mark.browser
S = Declaration.Status


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF with a line of text, its cross-reference table computed."""
    stream = f"BT /F1 18 Tf 72 770 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def full_demo(demo):
    """The demo year as `make demo` loads it: continuing education, the other applicants'
    declarations at every stage, the quotas."""
    load_demo_continuing_ed(demo)
    load_demo_declarations(demo)
    recompute_quotas(years=[PLAN_YEAR])
    return demo


class Person:
    """One person in their own browser, reading the product in English, saying yes to every
    confirmation question the irreversible actions ask."""

    def __init__(self, browser, server, username, problems):
        self.context = browser.new_context(
            base_url=server.url, viewport={"width": 1280, "height": 900}
        )
        self.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": server.url}]
        )
        self.page = self.context.new_page()
        self.confirmations = []
        self.page.on("dialog", self._confirm)
        watch_for_errors(self.page, problems)
        self.page.goto("/login/")
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(DEMO_PASSWORD)
        self.page.locator("#id_password").press("Enter")
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Hello")

    def _confirm(self, dialog):
        self.confirmations.append(dialog.message)
        dialog.accept()

    def act(self, action):
        act(self.page, action)

    def status(self):
        return self.page.locator(".status-line .badge")

    def shot(self, directory, name):
        self.page.screenshot(path=directory / f"declaration-{name}.png", full_page=True)


def test_a_declaration_goes_from_draft_to_qualified_in_the_browser(
    browser, browser_server, full_demo, screenshot_dir, monkeypatch
):
    plan = full_demo["plan"]
    senior = plan.titles.get(level=Level.DEPUTY_SENIOR)
    specialty = plan.series.specialties.order_by("code").first()
    required = condition_for(senior, plan.year).required_material_types
    # The demo applicant has no declaration yet: they declare themself.
    assert not Declaration.objects.filter(applicant__username="applicant").exists()
    problems = []

    # --- 1. The applicant fills in the form and saves a draft. ---
    applicant = Person(browser, browser_server, "applicant", problems)
    page = applicant.page
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Declarations"
    ).click()
    page.get_by_role("link", name="New declaration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New declaration")
    page.locator("#id_plan").select_option(str(plan.pk))
    page.locator("#id_title").select_option(str(senior.pk))
    page.locator("#id_specialty").select_option(str(specialty.pk))
    page.locator("#id_channel").select_option("regular")
    page.locator("#id_education").select_option("3")
    page.locator("#id_field_of_study").fill("交通土建工程")
    page.locator("#id_current_title_level").select_option(str(Level.INTERMEDIATE))
    page.locator("#id_current_title_name").fill("工程师")
    page.locator("#id_current_title_obtained_on").fill("2019-07-01")
    page.locator("#id_work_started_on").fill("2010-07-01")
    page.locator("#id_professional_years").fill("16")
    page.locator('[name="work-0-started_on"]').fill("2010-07-01")
    page.locator('[name="work-0-organization_name"]').fill("示范交通投资集团有限公司")
    page.locator('[name="work-0-position"]').fill("桥梁工程师")
    for index, (year, grade) in enumerate(
        [("2023", "competent"), ("2024", "excellent"), ("2025", "competent")]
    ):
        if index:
            page.locator('[data-formset="assessments"] [data-add-row]').click()
        page.locator(f'[name="assessments-{index}-year"]').fill(year)
        page.locator(f'[name="assessments-{index}-grade"]').select_option(grade)
    page.locator('[name="achievements-0-kind"]').select_option("paper")
    page.locator('[name="achievements-0-title"]').fill("高速公路桥梁健康监测方法研究")
    page.locator('[name="achievements-0-achieved_on"]').fill("2022-05-01")
    page.locator('[data-formset="achievements"] [data-add-row]').click()
    page.locator('[name="achievements-1-kind"]').select_option("project")
    page.locator('[name="achievements-1-title"]').fill("示范环城快速路工程")
    page.locator('[name="achievements-1-achieved_on"]').fill("2024-09-30")
    applicant.shot(screenshot_dir, "1-form")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("Your declaration is saved as a draft.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("张伟 · 高级工程师")
    expect(applicant.status()).to_have_text("Draft")
    declaration = Declaration.objects.get(applicant__username="applicant")
    assert declaration.assessments.count() == 3 and declaration.achievements.count() == 2

    # The findings say what is missing before submitting.
    findings = page.locator("#findings")
    expect(findings).to_contain_text("Blocking")
    expect(findings).to_contain_text("Required proof materials are missing")
    applicant.shot(screenshot_dir, "2-draft-findings")

    # --- 2. The applicant uploads the proof materials, as PDFs. ---
    for kind in required:
        page.locator("#id_material_type").select_option(kind)
        page.locator("#id_file").set_input_files(
            {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf(kind)}
        )
        page.get_by_role("button", name="Upload").click()
        expect(page.get_by_text(f"“{kind}.pdf” was added.")).to_be_visible()
    expect(findings).not_to_contain_text("Blocking")
    expect(findings).not_to_contain_text("Required proof materials are missing")
    expect(page.locator("#materials")).not_to_contain_text("missing")
    applicant.shot(screenshot_dir, "3-materials")

    # --- 3. Submitted with the authenticity pledge. ---
    unfold(page, "submit")
    page.locator("#id_submit-pledge").check()
    applicant.act("submit")
    expect(page.get_by_text("Your declaration was submitted to your unit.")).to_be_visible()
    expect(applicant.status()).to_have_text("Submitted to the unit")
    assert applicant.confirmations[-1].startswith("Submit this declaration to your unit?")
    detail_path = f"/declarations/{declaration.pk}/"

    # --- 4. The employer checks it and starts the unit publicity. ---
    employer = Person(browser, browser_server, "employer", problems)
    hr = employer.page
    hr.goto("/declarations/?status=submitted")
    hr.get_by_role("link", name="张伟").click()
    expect(hr).to_have_url(re.compile(re.escape(detail_path) + "$"))
    employer.act("start_publicity")
    expect(hr.get_by_text("The unit publicity has started.")).to_be_visible()
    expect(employer.status()).to_have_text("In unit publicity")
    employer.shot(screenshot_dir, "4-unit-publicity")

    # Before the window ends, recommending is not offered: the page says when it opens.
    expect(hr.locator("#id_recommend-commitment")).to_have_count(0)
    publicity = UnitPublicity.objects.get(declaration=declaration)
    opens_on = publicity.ends_on + timedelta(days=1)
    expect(hr.locator("#blocked-recommend")).to_contain_text(
        f"opens on {opens_on.day} {opens_on:%b} {opens_on.year}"
    )
    expect(employer.status()).to_have_text("In unit publicity")

    # --- Time passes: the working days of the unit publicity lie behind us. The live server
    # runs in this process, so it reads the same (patched) calendar. ---
    later = publicity.ends_on + timedelta(days=1)
    for module in (workflow, declaration_selectors, declaration_services):
        monkeypatch.setattr(module, "today", lambda: later)

    # --- 5. The employer recommends, with the unit's commitment. ---
    hr.goto(detail_path)
    unfold(hr, "recommend")
    hr.locator("#id_recommend-commitment").check()
    employer.act("recommend")
    expect(hr.get_by_text("The declaration was recommended.")).to_be_visible()
    expect(employer.status()).to_have_text("Recommended to the jury office")
    employer.shot(screenshot_dir, "5-recommended")

    # --- 6. The jury office starts the check and asks for two corrections at once. ---
    office = Person(browser, browser_server, "office", problems)
    desk = office.page
    desk.goto("/declarations/?status=recommended&q=张伟")
    desk.get_by_role("link", name="张伟").click()
    office.act("start_check")
    expect(office.status()).to_have_text("Under qualification check")
    unfold(desk, "request_correction")
    desk.locator('[name="request_correction-items-0-section"]').select_option("assessments")
    desk.locator('[name="request_correction-items-0-problem"]').fill("缺少2022年度考核结果")
    desk.locator('[name="request_correction-items-1-section"]').select_option("materials")
    desk.locator('[name="request_correction-items-1-problem"]').fill(
        "现职称证书扫描件不清晰，请重新上传"
    )
    office.shot(screenshot_dir, "6-correction-form")
    office.act("request_correction")
    expect(desk.get_by_text("The correction notice was sent to the applicant.")).to_be_visible()
    expect(office.status()).to_have_text("Correction requested")

    # --- 7. The applicant reads the notice, corrects both problems and resubmits. ---
    page.goto(detail_path)
    notice = page.locator("#correction-notice")
    expect(notice).to_contain_text("缺少2022年度考核结果")
    expect(notice).to_contain_text("现职称证书扫描件不清晰，请重新上传")
    expect(notice).to_contain_text("working days left")
    expect(page.locator("#messages-sent")).to_contain_text("Correction requested")
    applicant.shot(screenshot_dir, "7-correction-notice")

    page.get_by_role("link", name="Edit the form").click()
    page.locator('[data-formset="assessments"] [data-add-row]').click()
    page.locator('[name="assessments-3-year"]').fill("2022")
    page.locator('[name="assessments-3-grade"]').select_option("competent")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()

    current_title = declaration.materials.get(material_type="current_title", is_current=True)
    page.locator(f"#replace-{current_title.pk}").set_input_files(
        {
            "name": "现职称证书-清晰版.pdf",
            "mimeType": "application/pdf",
            "buffer": tiny_pdf("current title, clear scan"),
        }
    )
    page.locator(f"#replace-{current_title.pk}").locator("xpath=..").get_by_role(
        "button", name="Replace"
    ).click()
    expect(page.get_by_text("the earlier version is kept")).to_be_visible()
    expect(page.locator("#materials")).to_contain_text("1 earlier version")

    unfold(page, "resubmit")
    page.locator("#id_resubmit-pledge").check()
    applicant.act("resubmit")
    expect(
        page.get_by_text("Your corrected declaration went back to the jury office.")
    ).to_be_visible()
    expect(applicant.status()).to_have_text("Under qualification check")
    applicant.shot(screenshot_dir, "8-resubmitted")

    # --- 8. The office passes the qualification check. ---
    desk.goto(detail_path)
    unfold(desk, "qualify")
    desk.locator("#id_qualify-reason").fill("材料齐全，符合申报条件")
    office.act("qualify")
    expect(desk.get_by_text("The declaration passed the qualification check.")).to_be_visible()
    expect(office.status()).to_have_text("Qualified for review")
    timeline = desk.locator("#timeline")
    for step in (
        "Submit to the unit",
        "Start the unit publicity",
        "Recommend",
        "Start the qualification check",
        "Request correction",
        "Resubmit the corrected declaration",
        "Pass the qualification check",
    ):
        expect(timeline).to_contain_text(step)
    office.shot(screenshot_dir, "9-qualified")

    page.goto(detail_path)
    expect(applicant.status()).to_have_text("Qualified for review")
    declaration.refresh_from_db()
    assert declaration.status == S.QUALIFIED
    assert declaration.assessments.count() == 4
    for person in (applicant, employer, office):
        person.context.close()
    assert not problems, "; ".join(problems)
