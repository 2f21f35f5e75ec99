import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Organization, Role
from applicants.models import Declaration
from fixtures.demo_cycle import DEMO_PASSWORD
from juries.models import Expert, PanelSeat
from juries.permissions import presiding_seat
from juries.services import common
from juries.services.experts import add_expert
from juries.services.meetings import (
    apply_for_meeting,
    approve_meeting,
    assign_candidates,
    create_meeting,
)
from juries.services.panel import draw_panel, sign_commitment
from juries.services.publicity import file_objection, publish_results
from juries.services.review import (
    cast_votes,
    close_ballot,
    confirm_result,
    open_ballot,
    record_attendance,
)
from tests.factories import AccountFactory, DeclarationFactory, OrganizationFactory
from titles.models import Level, Specialty, TitleName
from titles.working_days import add_working_days

_people = itertools.count(300)


class JuryWorld:
    """The demo cycle with its jury approved around today, plus builders for candidates and
    a meeting at each stage. Candidates come from a unit none of the experts works at, so
    that nobody is recused unless a test says so."""

    def __init__(self, demo, monkeypatch):
        self.monkeypatch = monkeypatch
        self.users = demo["users"]
        self.office = self.users["office"]
        self.bureau = self.users["bureau"]
        self.plan = demo["plan"]
        self.jury = demo["jury"]
        self.today = timezone.localdate()
        self.jury.approved_on = self.today - timedelta(days=60)
        self.jury.valid_until = self.today + timedelta(days=700)
        self.jury.save()
        Expert.objects.filter(jury=self.jury).update(
            term_starts=self.jury.approved_on, term_ends=self.jury.valid_until
        )
        self.city = self.bureau.memberships.get().organization
        self.enterprise = self.users["employer"].memberships.get().organization
        self.unit = self.organization("示范建设工程集团有限公司")
        self.civil = Specialty.objects.get(series__code="GC", code="CIVIL")
        self.elec = Specialty.objects.get(series__code="GC", code="ELEC")
        self.senior_engineer = TitleName.objects.get(series__code="GC", level=Level.DEPUTY_SENIOR)
        self.engineer = TitleName.objects.get(series__code="GC", level=Level.INTERMEDIATE)

    def organization(self, name):
        return OrganizationFactory(parent=self.city, name=name, kind=Organization.Kind.ENTERPRISE)

    def person(self, employer=None, name=None):
        number = next(_people)
        return AccountFactory(
            organization=employer or self.unit,
            role=Role.APPLICANT,
            username=f"candidate{number}",
            real_name=name or f"候选人{number}",
            password=DEMO_PASSWORD,
            email=f"candidate{number}@demo.example",
        )

    def declaration(self, *, applicant=None, employer=None, specialty=None, title=None):
        employer = employer or self.unit
        return DeclarationFactory(
            applicant=applicant or self.person(employer),
            employer=employer,
            plan=self.plan,
            title=title or self.senior_engineer,
            specialty=specialty or self.civil,
            # Test setup: the stages before the jury are tested elsewhere.
            status=Declaration.Status.QUALIFIED,
        )

    def add_experts(self, count, specialty=None, employer=None):
        office = self.office.memberships.get().organization
        added = []
        for _ in range(count):
            number = next(_people)
            user = AccountFactory(
                organization=office,
                role=Role.EXPERT,
                username=f"extra{number}",
                real_name=f"专家{number}",
                password=DEMO_PASSWORD,
                email=f"extra{number}@demo.example",
            )
            added.append(
                add_expert(
                    actor=self.office,
                    jury=self.jury,
                    user=user,
                    specialty=specialty or self.civil,
                    title_level=Level.FULL_SENIOR,
                    employer=employer or self.enterprise,
                    position=Expert.Position.MEMBER,
                    term_starts=self.jury.approved_on,
                    term_ends=self.jury.valid_until,
                )
            )
        return added

    def held_on(self):
        return add_working_days(self.today, 10)

    def meeting(self, *, declarations=None, panel_size=25, group_size=3):
        meeting = create_meeting(
            actor=self.office,
            plan=self.plan,
            name="2026年工程系列评审会议",
            held_on=self.held_on(),
            venue="示范市人才大厦",
            panel_size=panel_size,
            group_size=group_size,
        )
        assign_candidates(
            actor=self.office,
            meeting=meeting,
            declarations=declarations if declarations is not None else [self.declaration()],
        )
        return meeting

    def approved(self, **kwargs):
        meeting = self.meeting(**kwargs)
        apply_for_meeting(actor=self.office, meeting=meeting)
        approve_meeting(actor=self.bureau, meeting=meeting, observer=self.bureau)
        meeting.refresh_from_db()
        return meeting

    def drawn(self, **kwargs):
        meeting = self.approved(**kwargs)
        draw_panel(actor=self.office, meeting=meeting)
        return meeting

    def on_meeting_day(self, meeting):
        self.monkeypatch.setattr(common, "today", lambda: meeting.held_on)

    def seated(self, meeting, *, attending=None):
        """Everyone signs; the first `attending` seats (chairs first) are present."""
        seats = list(meeting.seats.select_related("expert__user").order_by("basis", "pk"))
        seats.sort(key=lambda seat: seat.basis != PanelSeat.Basis.EX_OFFICIO)
        for seat in seats:
            sign_commitment(actor=seat.expert.user, seat=seat)
        self.on_meeting_day(meeting)
        present = seats if attending is None else seats[:attending]
        record_attendance(actor=self.office, meeting=meeting, present_seats=present)
        return present

    def voting(self, **kwargs):
        attending = kwargs.pop("attending", None)
        meeting = self.drawn(**kwargs)
        present = self.seated(meeting, attending=attending)
        open_ballot(actor=self.office, meeting=meeting)
        meeting.refresh_from_db()
        return meeting, present

    def confirmed(self, **kwargs):
        """Everyone attends and votes yes on everyone; the chair confirms."""
        meeting, present = self.voting(**kwargs)
        candidates = list(meeting.candidates.order_by("pk"))
        for seat in present:
            cast_votes(
                actor=seat.expert.user, meeting=meeting, choices={c.pk: "yes" for c in candidates}
            )
        close_ballot(actor=self.office, meeting=meeting)
        confirm_result(actor=presiding_seat(meeting).expert.user, meeting=meeting)
        meeting.refresh_from_db()
        return meeting

    def publicized(self, *, starts_on=None, **kwargs):
        meeting = self.confirmed(**kwargs)
        # Back to the real day, which the public pages go by.
        self.set_today(self.today)
        return publish_results(actor=self.office, meeting=meeting, starts_on=starts_on)

    def objection(self, publicity, content, *, candidate=None, filer_name="李群众"):
        """An objection filed by a member of the public against the publicity's candidate."""
        return file_objection(
            publicity=publicity,
            candidate=candidate or publicity.meeting.candidates.get(),
            filer_name=filer_name,
            filer_phone="13800001234",
            content=content,
        )

    def set_today(self, day):
        self.monkeypatch.setattr(common, "today", lambda: day)


@pytest.fixture
def world(demo, monkeypatch):
    return JuryWorld(demo, monkeypatch)


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the product's answers in English; the language a page or API answers
    in is tested in tests/ui and tests/accounts."""
    settings.LANGUAGE_CODE = "en"
