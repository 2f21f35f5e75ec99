"""One annual cycle, played through the browser alone, on PostgreSQL with a real Celery worker
on Redis: the bureau opens the plan; the employer creates an applicant account and its holder
activates it; the applicant declares with proof materials; the unit publicizes and recommends;
the jury office returns the declaration once for correction and qualifies it; the office holds
the review meeting (applied for, approved, panel drawn, commitments, scores, secret ballot,
confirmed by the presiding chair); the result is publicized, an objection is filed on the
public page and dismissed; the bureau files the result and the worker issues the certificate;
the applicant downloads it and its QR code opens the public verification page, which says
"Valid". Only what the person brings from earlier years (certified continuing-education
hours, an exam pass) is recorded through the services; the year itself runs in the browser.

The product's calendar moves forward the way the year does (`ProductClock`): the live server
and the worker run in threads of this process, so they read the same day. Every page must
answer without a server error or a script error; confirmation dialogs are accepted. A
screenshot of each stage goes to test-artifacts/screenshots/ (git-ignored), named
year-NN-*.png, and the time each stage took is printed (run with -s to see it)."""

import base64
import io
import re
import time
from contextlib import contextmanager
from datetime import date, timedelta

import pikepdf
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from applicants.models import Material, UnitPublicity
from config.celery import app as celery_app
from fixtures.demo_cycle import DEMO_PASSWORD, resident_id
from juries.ballot import quorum_needed
from juries.models import PanelSeat, Recusal, ResultPublicity, ReviewMeeting
from tests.e2e.declaration_actions import act, unfold
from tests.e2e.page_problems import watch_for_errors
from tests.pdf_reading import qr_codes
from titles.models import EvaluationPlan, Level, TitleName
from titles.working_days import add_working_days

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The cycle starts on a Monday inside the demo plan's declaration window (2 Nov - 18 Dec 2026).
FIRST_DAY = date(2026, 11, 16)
NEW_PASSWORD = "Spring-bridge-2026"  # noqa: S105 - the applicant's own, chosen on activation
APPLICANT = {
    "real_name": "欧阳晓峰",
    "username": "ouyang.xf",
    "email": "ouyang.xf@demo.example",
    "phone": "13800000099",
    "id_number": resident_id("630105", date(1992, 4, 8), 317),
}
DOCUMENT_NUMBER = "示人社发〔2026〕88号"
SCREENSHOT_PREFIX = "year"


# --- the product's calendar ---------------------------------------------------------------


class ProductClock:
    """The day the product believes it is. Every `today` of the product (the workflow's, the
    juries', the filing's, the pages') reads `django.utils.timezone.localdate()`, so patching
    that one function moves the live server, the worker and the services together; the time
    of day (`timezone.now()`) keeps running."""

    def __init__(self, monkeypatch, day: date):
        self.day = day
        real_localdate = timezone.localdate

        def localdate(value=None, timezone=None):
            if value is None:
                return self.day
            return real_localdate(value, timezone)

        monkeypatch.setattr(timezone, "localdate", localdate)

    def move_to(self, day: date) -> None:
        assert day >= self.day, f"the clock does not go back: {day} < {self.day}"
        self.day = day


# --- the worker and the browser -----------------------------------------------------------


class Journey:
    """The people of the year, each in their own browser context, signed in once; every page
    they see is watched for server and script errors."""

    def __init__(self, browser, base_url, screenshot_dir):
        self.browser = browser
        self.base_url = base_url
        self.screenshot_dir = screenshot_dir
        self.problems = []
        self.pages = {}
        self.shots = 0
        self.timings = []
        for earlier in screenshot_dir.glob(f"{SCREENSHOT_PREFIX}-*.png"):
            earlier.unlink()

    def context(self, storage_state=None):
        context = self.browser.new_context(
            base_url=self.base_url,
            locale="en-US",
            viewport={"width": 1280, "height": 900},
            storage_state=storage_state,
        )
        # The language switch's cookie: the pages read in English (Chinese first is tested in
        # test_demo_roles_sign_in.py).
        context.add_cookies(
            [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": self.base_url}]
        )
        return context

    def watch(self, page, who):
        page.on("dialog", lambda dialog: dialog.accept())
        watch_for_errors(page, self.problems, who)
        return page

    def anonymous(self, who="public"):
        return self.watch(self.context().new_page(), who)

    def signed_in(self, username, password=DEMO_PASSWORD):
        """The person's page, signing them in the first time."""
        if username not in self.pages:
            page = self.watch(self.context().new_page(), username)
            sign_in(page, username, password)
            self.pages[username] = page
        return self.pages[username]

    def shot(self, page, name):
        self.shots += 1
        page.screenshot(
            path=self.screenshot_dir / f"{SCREENSHOT_PREFIX}-{self.shots:02d}-{name}.png",
            full_page=True,
        )

    @contextmanager
    def stage(self, name):
        started = time.monotonic()
        try:
            yield
        finally:
            self.timings.append((name, time.monotonic() - started))
        assert not self.problems, f"{name}: " + "; ".join(self.problems)

    def report(self):
        lines = [f"  {seconds:6.1f} s  {name}" for name, seconds in self.timings]
        total = sum(seconds for _name, seconds in self.timings)
        print(
            "\nThe whole year, stage by stage:\n" + "\n".join(lines) + f"\n  {total:6.1f} s  total"
        )

    def close(self):
        for page in self.pages.values():
            page.context.close()


def sign_in(page, username, password=DEMO_PASSWORD, then=None):
    """Sign in on the real page, landing on the home page or on `then`."""
    page.goto(f"/login/?next={then}" if then else "/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if then:
        expect(page).to_have_url(re.compile(re.escape(then) + "$"))
    else:
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def field(label):
    """A form field's exact label, with or without the mark of a required field."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def success(page, text):
    expect(
        page.locator(".messages, [role=status], .notice").filter(has_text=text).first
    ).to_be_visible()


def signing_key() -> str:
    """The issuing authority's Ed25519 key, made for this run."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def small_pdf(text: str) -> bytes:
    """A small valid one-page PDF."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Title"] = text
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()


def wait_for(condition, seconds=60, what="the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


# --- the stages ---------------------------------------------------------------------------


def bureau_opens_the_plan(journey, plan):
    page = journey.signed_in("bureau")
    page.get_by_role("link", name="Evaluation plans").first.click()
    page.get_by_role("link", name=plan.name).click()
    page.get_by_role("button", name="Open for declarations").click()
    success(page, "The plan is open for declarations.")
    expect(page.get_by_role("button", name="Close declarations")).to_be_visible()
    journey.shot(page, "bureau-opens-the-plan")


def employer_creates_the_applicant(journey):
    page = journey.signed_in("employer")
    page.goto("/manage/applicants/")
    form = page.locator("#create-applicant")
    form.get_by_label("Real name").fill(APPLICANT["real_name"])
    form.get_by_label("ID document number").fill(APPLICANT["id_number"])
    form.get_by_label("Mobile phone").fill(APPLICANT["phone"])
    form.get_by_label("E-mail").fill(APPLICANT["email"])
    form.get_by_label("Username").fill(APPLICANT["username"])
    form.get_by_role("button", name="Create account").click()
    success(page, f"The account of {APPLICANT['real_name']} has been created.")
    expect(page.get_by_role("cell", name=APPLICANT["username"])).to_be_visible()
    journey.shot(page, "employer-creates-the-applicant")


def applicant_activates_and_signs_in(journey):
    """The worker e-mails the activation link; its holder sets a password and signs in."""
    message = wait_for(
        lambda: next((m for m in mail.outbox if APPLICANT["email"] in m.to), None),
        what="the activation e-mail",
    )
    link = re.search(r"https?://\S+/manage/activate/\S+/", message.body).group(0)
    page = journey.watch(journey.context().new_page(), APPLICANT["username"])
    page.goto(link)
    expect(page.get_by_role("heading", name="Activate your account")).to_be_visible()
    page.get_by_label(field("New password")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    journey.shot(page, "applicant-activates")
    sign_in(page, APPLICANT["username"], NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {APPLICANT['real_name']}")
    journey.pages[APPLICANT["username"]] = page
    journey.shot(page, "applicant-home")


def his_record_before_this_year(applicant, employer):
    """What the person brings into the year: certified continuing-education hours for every
    year since his current title and a pass in the computer-application exam, which the
    engineer conditions ask for. (Recording them has its own pages and tests.)"""
    from continuing_ed.models import SubjectKind
    from continuing_ed.services import certify_hours, claim_hours, record_exam_result
    from titles.models import ExamKind

    for year in range(2023, 2027):
        for subject, hours in ((SubjectKind.PROFESSIONAL, "66"), (SubjectKind.GENERAL, "30")):
            record = claim_hours(
                person=applicant,
                year=year,
                activity=f"{year}年度继续教育",
                subject_kind=subject,
                hours=hours,
                ended_on=date(year, 6, 15),
                provider_name="示范市专业技术人员继续教育基地",
            )
            certify_hours(actor=employer, record=record)
    record_exam_result(
        actor=employer,
        person=applicant,
        kind=ExamKind.COMPUTER_APPLICATION,
        exam_date=date(2024, 5, 11),
        passed=True,
    )


REQUIRED_MATERIALS = (
    "diploma",
    "employment",
    "annual_assessment",
    "current_title",
    "performance",
    "paper",
)


def status_of(page):
    return page.locator(".status-line .badge")


def applicant_declares(journey, plan):
    """The applicant fills in the form for the engineer title, saves a draft, uploads the
    proof materials the conditions ask for and submits with the authenticity pledge."""
    engineer = TitleName.objects.get(series=plan.series, level=Level.INTERMEDIATE)
    civil = plan.series.specialties.get(code="CIVIL")
    page = journey.signed_in(APPLICANT["username"], NEW_PASSWORD)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Declarations"
    ).click()
    page.get_by_role("link", name="New declaration").click()
    page.locator("#id_plan").select_option(str(plan.pk))
    page.locator("#id_title").select_option(str(engineer.pk))
    page.locator("#id_specialty").select_option(str(civil.pk))
    page.locator("#id_channel").select_option("regular")
    page.locator("#id_education").select_option("3")
    page.locator("#id_field_of_study").fill("土木工程")
    page.locator("#id_current_title_level").select_option(str(Level.ASSISTANT))
    page.locator("#id_current_title_name").fill("助理工程师")
    page.locator("#id_current_title_obtained_on").fill("2022-06-30")
    page.locator("#id_work_started_on").fill("2016-07-01")
    page.locator("#id_professional_years").fill("10")
    page.locator('[name="work-0-started_on"]').fill("2016-07-01")
    page.locator('[name="work-0-organization_name"]').fill("示范交通投资集团有限公司")
    page.locator('[name="work-0-position"]').fill("路桥技术员")
    for index, year in enumerate(("2023", "2024", "2025")):
        if index:
            page.locator('[data-formset="assessments"] [data-add-row]').click()
        page.locator(f'[name="assessments-{index}-year"]').fill(year)
        page.locator(f'[name="assessments-{index}-grade"]').select_option("competent")
    page.locator('[name="achievements-0-kind"]').select_option("paper")
    page.locator('[name="achievements-0-title"]').fill("高速公路桥梁预应力检测方法")
    page.locator('[name="achievements-0-achieved_on"]').fill("2024-09-01")
    page.get_by_role("button", name="Save draft").click()
    success(page, "Your declaration is saved as a draft.")
    expect(status_of(page)).to_have_text("Draft")

    for kind in REQUIRED_MATERIALS:
        page.locator("#id_material_type").select_option(kind)
        page.locator("#id_file").set_input_files(
            {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": small_pdf(kind)}
        )
        page.get_by_role("button", name="Upload").click()
        success(page, f"“{kind}.pdf” was added.")
    expect(page.locator("#findings")).not_to_contain_text("Blocking")
    journey.shot(page, "applicant-declares")
    unfold(page, "submit")
    page.locator("#id_submit-pledge").check()
    act(page, "submit")
    success(page, "Your declaration was submitted to your unit.")
    expect(status_of(page)).to_have_text("Submitted to the unit")
    return page.url


def unit_publicizes_and_recommends(journey, clock, detail_url):
    """The employer starts the unit publicity; once its working days are over it
    recommends the declaration with the unit's commitment."""
    hr = journey.signed_in("employer")
    hr.goto("/declarations/?status=submitted")
    hr.get_by_role("link", name=APPLICANT["real_name"]).click()
    expect(hr).to_have_url(detail_url)
    act(hr, "start_publicity")
    success(hr, "The unit publicity has started.")
    expect(status_of(hr)).to_have_text("In unit publicity")
    journey.shot(hr, "unit-publicity")

    ends_on = UnitPublicity.objects.get(declaration__applicant__username=APPLICANT["username"])
    clock.move_to(ends_on.ends_on + timedelta(days=1))
    hr.reload()
    unfold(hr, "recommend")
    hr.locator("#id_recommend-commitment").check()
    act(hr, "recommend")
    success(hr, "The declaration was recommended.")
    expect(status_of(hr)).to_have_text("Recommended to the jury office")
    journey.shot(hr, "unit-recommends")


def office_checks_with_one_correction(journey, detail_url):
    """The office returns the declaration once, listing two problems; the applicant corrects
    both and resubmits; the office passes the qualification check."""
    desk = journey.signed_in("office")
    desk.goto("/declarations/?status=recommended")
    desk.get_by_role("link", name=APPLICANT["real_name"]).click()
    act(desk, "start_check")
    expect(status_of(desk)).to_have_text("Under qualification check")
    unfold(desk, "request_correction")
    desk.locator('[name="request_correction-items-0-section"]').select_option("education")
    desk.locator('[name="request_correction-items-0-problem"]').fill("所学专业与学历证书不一致")
    desk.locator('[name="request_correction-items-1-section"]').select_option("materials")
    desk.locator('[name="request_correction-items-1-problem"]').fill(
        "学历证书扫描件不清晰，请重新上传"
    )
    act(desk, "request_correction")
    success(desk, "The correction notice was sent to the applicant.")
    expect(status_of(desk)).to_have_text("Correction requested")
    journey.shot(desk, "office-requests-correction")

    page = journey.signed_in(APPLICANT["username"], NEW_PASSWORD)
    page.goto(detail_url)
    expect(page.locator("#correction-notice")).to_contain_text("所学专业与学历证书不一致")
    page.get_by_role("link", name="Edit the form").click()
    page.locator("#id_field_of_study").fill("道路与桥梁工程")
    page.get_by_role("button", name="Save", exact=True).click()
    success(page, "Your changes are saved.")
    diploma = Material.objects.get(
        declaration__applicant__username=APPLICANT["username"],
        material_type="diploma",
        is_current=True,
    )
    replace = page.locator(f"#replace-{diploma.pk}")
    replace.set_input_files(
        {
            "name": "diploma-clear.pdf",
            "mimeType": "application/pdf",
            "buffer": small_pdf("diploma, clear scan"),
        }
    )
    replace.locator("xpath=..").get_by_role("button", name="Replace").click()
    success(page, "the earlier version is kept")
    unfold(page, "resubmit")
    page.locator("#id_resubmit-pledge").check()
    act(page, "resubmit")
    success(page, "Your corrected declaration went back to the jury office.")
    journey.shot(page, "applicant-resubmits")

    desk.goto(detail_url)
    unfold(desk, "qualify")
    desk.locator("#id_qualify-reason").fill("材料齐全，符合工程师申报条件")
    act(desk, "qualify")
    success(desk, "The declaration passed the qualification check.")
    expect(status_of(desk)).to_have_text("Qualified for review")
    journey.shot(desk, "office-qualifies")


def office_prepares_the_meeting(journey, clock, plan):
    """The office creates the meeting, puts the qualified declaration on its roster and
    applies to the bureau; the bureau approves it and names the observer."""
    held_on = add_working_days(clock.day, django_settings.MEETING_APPLICATION_WORKING_DAYS + 2)
    page = journey.signed_in("office")
    page.goto("/juries/meetings/new/")
    page.get_by_label("Evaluation plan").select_option(label=plan.name)
    page.get_by_label(field("Name")).fill("2026年度工程系列中级职称评审会议")
    page.get_by_label("Held on").fill(held_on.isoformat())
    page.get_by_label("Venue").fill("示范市人才大厦三楼会议室")
    page.get_by_label("Experts on the panel").fill(
        str(django_settings.JURY_MIN_SENIOR_SERIES_EXPERTS)
    )
    page.get_by_role("button", name="Create").click()
    success(page, "The meeting has been created")
    page.get_by_label(re.compile(APPLICANT["real_name"])).check()
    page.get_by_role("button", name="Put on the roster").click()
    success(page, "The candidates are on the roster.")
    page.get_by_role("button", name="Apply to the HR bureau").click()
    success(page, "The application has been sent to the HR bureau.")
    journey.shot(page, "office-applies-for-the-meeting")
    meeting = ReviewMeeting.objects.get(plan=plan)

    bureau = journey.signed_in("bureau")
    bureau.goto("/juries/")
    bureau.get_by_role("link", name=meeting.name).first.click()
    bureau.get_by_label("Supervising observer").select_option(label="刘局长")
    bureau.get_by_role("button", name="Approve the meeting").click()
    success(bureau, "The meeting is approved.")
    journey.shot(bureau, "bureau-approves-the-meeting")

    page.reload()
    page.get_by_role("button", name="Draw the panel").click()
    success(page, "The panel has been drawn.")
    journey.shot(page, "office-draws-the-panel")
    return meeting


def attending_seats(meeting):
    """The experts who will attend: the chairs, the review group, then others up to the
    quorum. (Who was drawn is sealed; the test reads it to know whom to sign in as.)"""
    seats = list(meeting.seats.select_related("expert__user").order_by("pk"))
    order = {PanelSeat.Basis.EX_OFFICIO: 0, PanelSeat.Basis.GROUP: 1}
    seats.sort(key=lambda seat: order.get(seat.basis, 2))
    return seats[: quorum_needed(len(seats))]


def experts_sign_and_score(journey, meeting, seats):
    """Each attending expert signs the review-discipline commitment in their own browser;
    the review group reads the file and scores it. Their sessions are kept for the ballot."""
    sessions = {}
    scored = False
    for seat in seats:
        username = seat.expert.user.username
        context = journey.context()
        page = journey.watch(context.new_page(), username)
        # The expert follows the link in the notice that they were drawn.
        sign_in(page, username, then=f"/juries/seats/{seat.pk}/")
        page.get_by_role("button", name="I sign the commitment").click()
        success(page, "You have signed the review-discipline commitment.")
        if seat.basis == PanelSeat.Basis.GROUP:
            page.get_by_role("link", name=APPLICANT["real_name"]).click()
            page.get_by_label("Written opinion").fill("业绩与能力符合工程师评审条件，同意推荐。")
            for name, score in (
                ("score_ethics", "92"),
                ("score_competence", "85"),
                ("score_performance", "88"),
                ("score_results", "80"),
            ):
                page.locator(f"input[name={name}]").fill(score)
            page.get_by_role("button", name="Save").click()
            success(page, "Your opinion and scores are saved.")
            if not scored:
                # The group opens the applicant's proof materials from the file.
                material = page.get_by_role("link", name=re.compile(r"diploma-clear\.pdf"))
                response = page.request.get(material.get_attribute("href"))
                assert response.ok and response.body().startswith(b"%PDF-")
                journey.shot(page, "expert-scores")
                scored = True
        sessions[username] = context.storage_state()
        context.close()
    return sessions


def the_meeting_votes(journey, clock, meeting, seats, sessions):
    """On the meeting day the office calls the roll and opens the ballot; every attending
    expert not recused votes in secret; the office closes the ballot; the presiding chair
    confirms the result."""
    clock.move_to(meeting.held_on)
    office = journey.signed_in("office")
    office.goto(f"/juries/meetings/{meeting.pk}/panel/")
    for seat in seats:
        office.get_by_label(re.compile(re.escape(seat.expert.user.real_name))).check()
    office.get_by_role("button", name="Record attendance").click()
    success(office, "Attendance has been recorded.")
    journey.shot(office, "office-roll-call")
    office.goto(f"/juries/meetings/{meeting.pk}/")
    office.get_by_role("button", name="Open the ballot").click()
    success(office, "The ballot is open.")

    recused = set(
        Recusal.objects.filter(candidate__meeting=meeting).values_list("expert_id", flat=True)
    )
    voters = [seat for seat in seats if seat.expert_id not in recused]
    for index, seat in enumerate(voters):
        username = seat.expert.user.username
        context = journey.context(storage_state=sessions[username])
        page = journey.watch(context.new_page(), username)
        page.goto("/juries/my/")
        page.get_by_role("link", name=meeting.name).first.click()
        # One expert votes against: the ballot is secret, the two-thirds rule still passes.
        page.get_by_label("No" if index == 0 else "Yes", exact=True).check()
        page.get_by_role("button", name="Cast my ballot").click()
        success(page, "Your ballot has been cast: 1 vote.")
        if index == 1:
            journey.shot(page, "expert-votes")
        context.close()

    office.reload()
    office.get_by_role("button", name="Close the ballot and tally").click()
    success(office, "The ballot is closed and tallied")

    presiding = next(
        seat
        for seat in sorted(seats, key=lambda s: (s.expert.position != "chair", s.pk))
        if seat.expert.position in ("chair", "vice_chair")
    )
    username = presiding.expert.user.username
    context = journey.context(storage_state=sessions[username])
    chair = journey.watch(context.new_page(), username)
    chair.goto(f"/juries/meetings/{meeting.pk}/confirm/")
    expect(chair.get_by_text("Passes", exact=True)).to_be_visible()
    chair.get_by_role("button", name="Confirm and sign the result").click()
    success(chair, "The result is confirmed and the minutes are kept.")
    journey.shot(chair, "chair-confirms-the-result")
    context.close()


def result_publicity_with_an_objection(journey, clock, meeting):
    """The office publishes the passed list; someone objects on the public page; the office
    investigates and dismisses it; after the window the nightly job closes the publicity."""
    office = journey.signed_in("office")
    office.goto(f"/juries/meetings/{meeting.pk}/")
    office.get_by_role("link", name="Publish the passed list").click()
    office.get_by_label("Contact for objections").fill("0971-1234567")
    office.get_by_role("button", name=re.compile("Publish")).click()
    success(office, "The passed list is public")
    journey.shot(office, "office-publishes-the-result")

    public = journey.anonymous()
    public.goto("/juries/publicity/")
    public.get_by_role("link").filter(has_text=meeting.jury.name).first.click()
    expect(public.get_by_role("cell", name=APPLICANT["real_name"])).to_be_visible()
    public.get_by_label("Candidate objected to").select_option(index=1)
    public.get_by_label("Your name").fill("李群众")
    public.get_by_label("Phone").fill("13900000001")
    public.get_by_label(field("Objection")).fill("听说其论文为他人代写，请核查。")
    public.get_by_role("button", name="Submit the objection").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Objection received")
    journey.shot(public, "public-objection-filed")
    public.context.close()

    office.goto("/juries/objections/")
    office.get_by_role("row").filter(has_text=APPLICANT["real_name"]).get_by_role("link").click()
    office.get_by_label("Dismissed").check()
    office.get_by_label("Finding").fill(
        "经核查，论文为本人独立完成，有投稿记录和原始数据为证，异议不成立。"
    )
    office.get_by_role("button", name="Record the outcome").click()
    success(office, "The outcome has been recorded.")
    journey.shot(office, "office-dismisses-the-objection")

    publicity = ResultPublicity.objects.get(meeting=meeting)
    clock.move_to(publicity.ends_on + timedelta(days=1))
    # The night after the window ends, the beat schedule runs this job on the worker.
    closed = celery_app.send_task("juries.tasks.close_ended_publicities").get(timeout=60)
    assert closed == 1


def filing_and_certificates(journey, meeting):
    """The office submits the result for filing; the bureau approves it with its document
    number and watches the worker issue the certificate."""
    office = journey.signed_in("office")
    office.goto("/certificates/filings/")
    office.get_by_role("link", name=meeting.name).click()
    office.get_by_label(re.compile(APPLICANT["real_name"])).check()
    office.get_by_role("button", name="Submit to the HR bureau").click()
    success(office, "The results were submitted to the HR bureau for filing.")
    journey.shot(office, "office-submits-the-filing")

    bureau = journey.signed_in("bureau")
    bureau.goto("/certificates/filings/")
    bureau.get_by_role("link", name=meeting.name).first.click()
    bureau.get_by_label("Approval document number").fill(DOCUMENT_NUMBER)
    bureau.get_by_label("Date of the document").fill(timezone.localdate().isoformat())
    bureau.get_by_role("button", name="Approve and issue the certificates").click()
    success(bureau, "Filing approved")
    # The progress box polls the batch and reloads when the worker has finished.
    expect(bureau.locator("#issue-progress [data-field=state]")).to_have_text(
        "Finished", timeout=90_000
    )
    expect(bureau.locator("#issue-progress [data-field=done]")).to_have_text("1")
    journey.shot(bureau, "bureau-issues-the-certificates")


def applicant_downloads_and_verifies(journey, tmp_path):
    page = journey.signed_in(APPLICANT["username"], NEW_PASSWORD)
    page.goto("/certificates/")
    expect(page.get_by_role("heading", name="My certificates")).to_be_visible()
    page.locator("table a").first.click()
    journey.shot(page, "applicant-certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf_path = tmp_path / "certificate.pdf"
    download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")

    [url] = qr_codes(pdf_path.read_bytes())
    assert url.startswith(journey.base_url + "/verify/"), url
    public = journey.anonymous("verifier")
    public.goto(url)
    expect(public.get_by_role("status")).to_contain_text("Valid")
    expect(public.get_by_text(APPLICANT["real_name"])).to_be_visible()
    journey.shot(public, "public-verifies-the-certificate")
    public.context.close()


# --- the year -----------------------------------------------------------------------------


def test_one_year_from_plan_to_verified_certificate(
    browser,
    browser_server,
    demo,
    requires_postgres,
    real_celery_worker,
    pdf_tools,
    screenshot_dir,
    settings,
    monkeypatch,
    tmp_path,
):
    settings.SITE_URL = browser_server.url
    settings.PUBLIC_BASE_URL = browser_server.url
    settings.VERIFY_RATE_LIMIT = "1000/m"
    settings.CERTIFICATE_SIGNING_KEY = signing_key()
    clock = ProductClock(monkeypatch, FIRST_DAY)
    plan = demo["plan"]
    users = demo["users"]
    # The year begins with the bureau's plan still a draft.
    EvaluationPlan.objects.filter(pk=plan.pk).update(status=EvaluationPlan.Status.DRAFT)

    journey = Journey(browser, browser_server.url, screenshot_dir)
    try:
        with journey.stage("1. the bureau opens the plan"):
            bureau_opens_the_plan(journey, plan)
        with journey.stage("2. the employer creates the applicant, who activates and signs in"):
            employer_creates_the_applicant(journey)
            applicant_activates_and_signs_in(journey)
            his_record_before_this_year(
                User.objects.get(username=APPLICANT["username"]), users["employer"]
            )
        with journey.stage("3. the applicant declares with materials"):
            detail_url = applicant_declares(journey, plan)
        with journey.stage("4. the unit publicizes and recommends"):
            unit_publicizes_and_recommends(journey, clock, detail_url)
        with journey.stage("5. the office returns it once for correction, then qualifies it"):
            office_checks_with_one_correction(journey, detail_url)
        with journey.stage("6a. meeting applied for, approved, panel drawn"):
            meeting = office_prepares_the_meeting(journey, clock, plan)
        seats = attending_seats(meeting)
        with journey.stage(f"6b. {len(seats)} experts sign the commitment, the group scores"):
            sessions = experts_sign_and_score(journey, meeting, seats)
        with journey.stage("6c. roll call, secret ballot, the chair confirms"):
            the_meeting_votes(journey, clock, meeting, seats, sessions)
        with journey.stage("7. result publicity, an objection dismissed"):
            result_publicity_with_an_objection(journey, clock, meeting)
        with journey.stage("8. filing approved, certificate issued by the worker"):
            filing_and_certificates(journey, meeting)
        with journey.stage("9. the applicant downloads it, its QR code verifies"):
            applicant_downloads_and_verifies(journey, tmp_path)
    finally:
        journey.report()
        journey.close()
