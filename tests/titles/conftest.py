from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Organization, Role
from applicants.models import Declaration
from fixtures.demo_cycle import resident_id
from juries.models import Candidate, ReviewMeeting
from tests.factories import AccountFactory, DeclarationFactory, OrganizationFactory
from titles.models import CalendarDay, CalendarYear, Level

Kind = Organization.Kind


@pytest.fixture
def english(client):
    """UI strings in English, so that assertions do not depend on the Chinese catalogue."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def plan_data(demo):
    """What a bureau sends for a valid 2027 engineering plan run by the demo jury."""
    engineering = demo["jury"].series
    return {
        "year": 2027,
        "name": "2027年度工程系列中级职称评审",
        "organizer": demo["plan"].organizer,
        "series": engineering,
        "titles": [engineering.titles.get(level=Level.INTERMEDIATE)],
        "jury": demo["jury"],
        "declaration_opens": date(2027, 3, 1),
        "declaration_closes": date(2027, 3, 31),
        "unit_recommendation_deadline": date(2027, 4, 15),
        "qualification_check_deadline": date(2027, 5, 14),
        "achievement_cutoff": date(2026, 12, 31),
    }


@pytest.fixture
def jury_in_office(demo):
    """The demo jury, approved for a term covering any date a test picks around today."""
    jury = demo["jury"]
    jury.approved_on, jury.valid_until = date(2000, 1, 1), date(2099, 12, 31)
    jury.save()
    return jury


def as_json(data):
    """The same plan data as an API caller sends it."""
    converted = {}
    for key, value in data.items():
        if hasattr(value, "pk"):
            converted[key] = value.pk
        elif isinstance(value, list):
            converted[key] = [item.pk for item in value]
        elif isinstance(value, date):
            converted[key] = value.isoformat()
        else:
            converted[key] = value
    return converted


@pytest.fixture
def stranger(db):
    """HR bureau staff, an employer HR and an applicant of another province."""
    bureau = OrganizationFactory(name="邻省人力资源和社会保障厅", kind=Kind.PROVINCE_BUREAU)
    unit = OrganizationFactory(name="邻省设计研究院", kind=Kind.PUBLIC_INSTITUTION, parent=bureau)

    def account(username, organization, role, **extra):
        return AccountFactory(
            username=username,
            organization=organization,
            role=role,
            real_name="外省" + username,
            email="",
            **extra,
        )

    return {
        "bureau": bureau,
        "unit": unit,
        "bureau_user": account("other_bureau", bureau, Role.HR_BUREAU),
        "applicant": account(
            "other_applicant",
            unit,
            Role.APPLICANT,
            id_number=resident_id("630105", date(1990, 7, 1), 17),
        ),
    }


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the product's answers in English; the language a page or API answers
    in is tested in tests/ui and tests/accounts."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def clock(monkeypatch):
    """The product's clock: every `timezone.localdate()` (the services' "today", the pages',
    the to-do list's) reads the day set with `clock.move_to(day)`."""
    real_localdate = timezone.localdate

    class Clock:
        day = None

        def move_to(self, day):
            self.day = day

            def localdate(value=None, timezone=None):
                if value is None and timezone is None:
                    return self.day
                return real_localdate(value, timezone)

            monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return Clock()


class Stages:
    """Declarations and meetings of the demo plan at the stage where a window or deadline is
    set, made directly (the moves before are tested elsewhere)."""

    def __init__(self, demo):
        self.plan, self.jury = demo["plan"], demo["jury"]
        self.users = demo["users"]
        self.employer, self.office = self.users["employer"], self.users["office"]
        self.unit = self.employer.memberships.get().organization
        self.jury.approved_on, self.jury.valid_until = date(2000, 1, 1), date(2099, 12, 31)
        self.jury.save()

    def declaration(self, status) -> Declaration:
        # Submitted to the unit and forwarded to the office, so that both see it.
        now = timezone.now()
        return DeclarationFactory(
            employer=self.unit,
            plan=self.plan,
            status=status,
            submitted_at=now,
            recommended_at=now,
            forwarded_to_office_at=now,
        )

    def meeting(self, status, *, held_on, outcome, declaration_status) -> ReviewMeeting:
        meeting = ReviewMeeting.objects.create(
            jury=self.jury,
            plan=self.plan,
            name="评审会议",
            held_on=held_on,
            panel_size=25,
            group_size=5,
            status=status,
            created_by=self.office,
        )
        Candidate.objects.create(
            meeting=meeting, declaration=self.declaration(declaration_status), outcome=outcome
        )
        return meeting

    def confirmed_meeting(self, held_on=date(2025, 9, 1)) -> ReviewMeeting:
        """A meeting whose chair confirmed one passed candidate: ready to publish."""
        return self.meeting(
            ReviewMeeting.Status.CONFIRMED,
            held_on=held_on,
            outcome=Candidate.Outcome.PASSED,
            declaration_status=Declaration.Status.PASSED,
        )

    def draft_meeting(self, held_on) -> ReviewMeeting:
        """A meeting being prepared, with one qualified candidate: ready to apply for."""
        return self.meeting(
            ReviewMeeting.Status.DRAFT,
            held_on=held_on,
            outcome=Candidate.Outcome.PENDING,
            declaration_status=Declaration.Status.QUALIFIED,
        )


@pytest.fixture
def stages(demo):
    return Stages(demo)


def enter_year(year, *holidays, working_days=()):
    """An administrator's entry of a year the package does not know: its holidays and make-up
    working days, and the mark that the year is complete."""
    for day in holidays:
        CalendarDay.objects.create(date=day, is_working_day=False, note="假日")
    for day in working_days:
        CalendarDay.objects.create(date=day, is_working_day=True, note="调休上班")
    CalendarYear.objects.create(year=year, source="国办发明电")
