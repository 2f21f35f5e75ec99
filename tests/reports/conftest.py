"""A small hand-built world for the statistics: a province with two cities, each city with its
own jury office, jury and 2026 plan, plus an older 2025 plan in city A; builders for
declarations at any stage, post data and reservations, credit hours and certificates. Rows are
created directly (demo and test data only): the figures read states, they do not move them."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Organization, Role
from applicants.models import Declaration
from certificates.models import Certificate, CertificateIssue, Filing
from continuing_ed.models import CreditHourRecord, SubjectKind
from fixtures.demo_cycle import DEMO_PASSWORD
from juries.models import ReviewMeeting
from quotas.models import PostLevel, Quota, Reservation
from tests.factories import (
    AccountFactory,
    DeclarationFactory,
    JuryFactory,
    OrganizationFactory,
    PersonFactory,
    PlanFactory,
    PostDataFactory,
    SeriesFactory,
    SpecialtyFactory,
    TitleFactory,
)
from titles.models import Level

S = Declaration.Status
Kind = Organization.Kind


class StatisticsWorld:
    def __init__(self):
        self.province = self.organization(None, "示范省人社厅", Kind.PROVINCE_BUREAU)
        self.city_a = self.organization(self.province, "甲市人社局", Kind.CITY_BUREAU)
        self.city_b = self.organization(self.province, "乙市人社局", Kind.CITY_BUREAU)
        self.office_a_org = self.organization(self.city_a, "甲市工程评委会办公室", Kind.JURY_OFFICE)
        self.office_b_org = self.organization(self.city_b, "乙市卫生评委会办公室", Kind.JURY_OFFICE)
        self.hospital = self.organization(self.city_a, "甲市人民医院", Kind.PUBLIC_INSTITUTION)
        self.enterprise = self.organization(self.city_a, "甲市交通集团", Kind.ENTERPRISE)
        self.school = self.organization(self.city_b, "乙市第一中学", Kind.PUBLIC_INSTITUTION)

        self.bureau_a = self.account("bureau_a", self.city_a, Role.HR_BUREAU)
        self.bureau_b = self.account("bureau_b", self.city_b, Role.HR_BUREAU)
        self.admin = self.account("province_admin", self.province, Role.ADMIN)
        self.office_a = self.account("office_a", self.office_a_org, Role.JURY_OFFICE)
        self.office_b = self.account("office_b", self.office_b_org, Role.JURY_OFFICE)
        self.hospital_hr = self.account("hospital_hr", self.hospital, Role.EMPLOYER_HR)

        self.engineering = SeriesFactory(code="GC", name_zh="工程", name_en="Engineering")
        self.health = SeriesFactory(code="WS", name_zh="卫生", name_en="Health")
        self.titles = {}
        self.specialties = {}
        for series, names in (
            (self.engineering, ("工程师", "高级工程师")),
            (self.health, ("主治医师", "副主任医师")),
        ):
            self.specialties[series.code] = SpecialtyFactory(series=series)
            for level, name in zip((Level.INTERMEDIATE, Level.DEPUTY_SENIOR), names, strict=True):
                self.titles[series.code, level] = TitleFactory(
                    series=series, level=level, name_zh=name, name_en=name
                )
        self.jury_a = self.jury("甲市工程评委会", self.engineering, self.city_a, self.office_a_org)
        self.jury_b = self.jury("乙市卫生评委会", self.health, self.city_b, self.office_b_org)
        self.plan_a = self.plan("甲市2026工程", 2026, self.city_a, self.jury_a)
        self.plan_b = self.plan("乙市2026卫生", 2026, self.city_b, self.jury_b)
        self.plan_a_2025 = self.plan("甲市2025工程", 2025, self.city_a, self.jury_a)

    # --- builders ---------------------------------------------------------------------------

    def organization(self, parent, name, kind):
        return OrganizationFactory(parent=parent, name=name, kind=kind)

    def account(self, username, organization, role):
        return AccountFactory(
            organization=organization,
            role=role,
            username=username,
            real_name=username,
            password=DEMO_PASSWORD,
            email=f"{username}@demo.example",
        )

    def jury(self, name, series, established_by, office):
        return JuryFactory(name=name, series=series, established_by=established_by, office=office)

    def plan(self, name, year, organizer, jury):
        return PlanFactory(
            year=year,
            name=name,
            organizer=organizer,
            jury=jury,
            titles=[self.titles[jury.series.code, level] for level in jury_levels()],
        )

    def person(self, unit, name=None):
        return PersonFactory(organization=unit, **({"real_name": name} if name else {}))

    def declaration(
        self,
        plan,
        employer,
        status,
        *,
        level=Level.DEPUTY_SENIOR,
        applicant=None,
        forwarded=True,
    ):
        """A declaration at `status`; `forwarded`: whether it ever reached the jury office."""
        now = timezone.now()
        submitted = status != S.DRAFT
        return DeclarationFactory(
            applicant=applicant or self.person(employer),
            employer=employer,
            plan=plan,
            title=self.titles[plan.series.code, level],
            specialty=self.specialties[plan.series.code],
            status=status,
            submitted_at=now if submitted else None,
            forwarded_to_office_at=now if submitted and forwarded else None,
        )

    def declarations(self, count, plan, employer, status, **kwargs):
        return [self.declaration(plan, employer, status, **kwargs) for _ in range(count)]

    def post_data(self, institution, year, post_level, *, approved, hired, not_hired=0):
        return PostDataFactory(
            institution=institution,
            year=year,
            post_level=post_level,
            approved_posts=approved,
            qualified_hired=hired,
            qualified_not_hired=not_hired,
        )

    def reserve(self, declaration, post_level=PostLevel.DEPUTY_SENIOR):
        quota, _created = Quota.objects.get_or_create(
            institution=declaration.employer, year=declaration.plan.year, post_level=post_level
        )
        return Reservation.objects.create(quota=quota, declaration=declaration)

    def hours(self, person, year, professional, general, *, status=None):
        for kind, hours in (
            (SubjectKind.PROFESSIONAL, professional),
            (SubjectKind.GENERAL, general),
        ):
            if hours:
                CreditHourRecord.objects.create(
                    person=person,
                    year=year,
                    activity="培训",
                    subject_kind=kind,
                    hours=Decimal(str(hours)),
                    ended_on=date(year, 6, 30),
                    status=status or CreditHourRecord.Status.CERTIFIED,
                    source=CreditHourRecord.Source.IMPORT,
                    created_by=self.bureau_a,
                )

    def certificate(self, declaration, issued_on, *, revoked=False, reissued_on=None):
        plan = declaration.plan
        meeting = ReviewMeeting.objects.filter(plan=plan).first() or ReviewMeeting.objects.create(
            jury=plan.jury,
            plan=plan,
            name=f"{plan.name}评审会议",
            held_on=date(plan.year, 12, 20),
            panel_size=25,
            group_size=5,
            status=ReviewMeeting.Status.CONFIRMED,
            created_by=self.office_a,
        )
        filing = Filing.objects.filter(meeting=meeting).first() or Filing.objects.create(
            meeting=meeting, submitted_by=self.office_a, status=Filing.Status.APPROVED
        )
        sequence = Certificate.objects.count() + 1
        certificate = Certificate.objects.create(
            number=f"SF-{plan.year}-{sequence:05d}",
            authority_code="SF",
            year=plan.year,
            sequence=sequence,
            declaration=declaration,
            filing=filing,
            holder=declaration.applicant,
            issuing_authority=plan.organizer,
            holder_name=declaration.applicant.real_name,
            id_type="resident_id",
            id_number=f"X{sequence}",
            employer_name=declaration.employer.name,
            series_name=plan.series.name_zh,
            specialty_name="专业",
            level=declaration.title.level,
            level_name="副高级",
            qualification_name=declaration.title.name_zh,
            jury_name=plan.jury.name,
            approval_document_number="示人社发〔2027〕1号",
            approval_date=issued_on,
            issuing_authority_name=plan.organizer.name,
            issued_on=reissued_on or issued_on,
            signature="sig",
            signing_key_id="test",
            status=Certificate.Status.REVOKED if revoked else Certificate.Status.VALID,
        )
        CertificateIssue.objects.create(
            certificate=certificate, kind=CertificateIssue.Kind.ISSUE, issued_on=issued_on
        )
        if reissued_on:
            CertificateIssue.objects.create(
                certificate=certificate, kind=CertificateIssue.Kind.REISSUE, issued_on=reissued_on
            )
        return certificate


def jury_levels():
    return (Level.INTERMEDIATE, Level.DEPUTY_SENIOR)


@pytest.fixture
def world(db):
    return StatisticsWorld()


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the product's answers in English; the language a page answers in is
    tested in tests/ui and tests/accounts."""
    settings.LANGUAGE_CODE = "en"


def figure(figures, key):
    return next(f for f in figures if f.key == key)


def table(figure):
    """The figure's rows keyed by their first cell."""
    return {row[0]: row[1:] for row in figure.rows}


def figures_for(user, *, year=None, plan=None):
    """The figures `user` gets acting in their (only) role, as the page computes them."""
    from reports.selectors import statistics_figures, statistics_filters, statistics_scope

    membership = user.memberships.select_related("organization").first()
    scope = statistics_scope(user, membership)
    filters = statistics_filters(scope, year=year, plan_id=plan.pk if plan else None)
    return statistics_figures(scope, filters)
