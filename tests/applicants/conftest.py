"""Shared set-up for the declaration tests: the demo cycle, a declaration that meets every
condition of its title, and a driver that moves it to any stage through the services."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import User
from applicants import eligibility, services
from applicants.models import Achievement, AnnualAssessment, Declaration, UnitPublicity
from tests.factories import AccountFactory
from titles.models import Education, Level, TitleName
from titles.selectors import condition_for

S = Declaration.Status
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48


@pytest.fixture(autouse=True)
def _only_declaration_checks(monkeypatch):
    """These tests are about the declaration's own rules; continuing education and quotas
    test their checks with the data they need."""
    own = [c for c in eligibility._CHECKS if c.__module__ == "applicants.eligibility_checks"]
    monkeypatch.setattr(eligibility, "_CHECKS", own)


def pdf(name="proof.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class World:
    """The demo cycle with handles on the people and titles the tests use."""

    def __init__(self, loaded):
        self.loaded = loaded
        self.plan = loaded["plan"]
        users = {user.username: user for user in User.objects.all()}
        self.applicant = users["applicant"]  # enterprise, directly under the city
        self.hospital_applicant = users["applicant2"]  # hospital, under the health commission
        self.school_applicant = users["applicant3"]
        self.employer = users["employer"]
        self.hospital_hr = users["hospital_hr"]
        self.school_hr = users["school_hr"]
        self.department = users["department"]
        self.office = users["office"]
        self.bureau = users["bureau"]
        self.expert = users["expert"]
        series = self.plan.series
        self.senior = TitleName.objects.get(series=series, level=Level.DEPUTY_SENIOR)
        self.intermediate = TitleName.objects.get(series=series, level=Level.INTERMEDIATE)
        self.specialty = series.specialties.order_by("code").first()

    def new_applicant(self, username, number, unit=None):
        """Another applicant of the enterprise (or `unit`)."""
        unit = unit or self.applicant.memberships.get().organization
        return AccountFactory(
            organization=unit, username=username, real_name=f"申报人{number}", email=""
        )

    def form(self, **overrides):
        """Form fields that meet the deputy-senior engineering conditions."""
        fields = {
            "education": Education.BACHELOR,
            "field_of_study": "土木工程",
            "work_started_on": date(2010, 7, 1),
            "current_title_level": Level.INTERMEDIATE,
            "current_title_name": "工程师",
            "current_title_obtained_on": date(2019, 7, 1),
            "professional_years": 16,
            "work_history": [
                {
                    "started_on": date(2010, 7, 1),
                    "organization_name": "示范建设公司",
                    "position": "技术员",
                }
            ],
            "assessments": [
                {"year": year, "grade": AnnualAssessment.Grade.COMPETENT}
                for year in (2023, 2024, 2025)
            ],
            "achievements": [
                {
                    "kind": Achievement.Kind.PAPER,
                    "title": "桥梁检测方法研究",
                    "achieved_on": date(2024, 5, 1),
                }
            ],
        }
        fields.update(overrides)
        return fields

    def create(
        self,
        applicant=None,
        title=None,
        channel=Declaration.Channel.REGULAR,
        materials=True,
        **overrides,
    ) -> Declaration:
        applicant = applicant or self.applicant
        title = title or self.senior
        declaration = services.create_declaration(
            actor=applicant,
            plan=self.plan,
            title=title,
            specialty=self.specialty,
            channel=channel,
            **self.form(**overrides),
        )
        if materials:
            self.upload_required_materials(declaration)
        return declaration

    def upload_required_materials(self, declaration):
        condition = condition_for(declaration.title, self.plan.year)
        for kind in condition.required_material_types:
            services.upload_material(
                declaration,
                actor=declaration.applicant,
                material_type=kind,
                uploaded_file=pdf(f"{kind}.pdf"),
            )

    def unit_hr(self, declaration):
        staff = {
            self.employer.memberships.get().organization_id: self.employer,
            self.hospital_hr.memberships.get().organization_id: self.hospital_hr,
            self.school_hr.memberships.get().organization_id: self.school_hr,
        }
        return staff[declaration.employer_id]

    def end_publicity(self, declaration):
        """Time passes: the unit publicity window lies behind us."""
        yesterday = date.today() - timedelta(days=1)
        UnitPublicity.objects.filter(declaration=declaration).update(
            starts_on=yesterday - timedelta(days=7), ends_on=yesterday
        )

    def advance(self, declaration, target) -> Declaration:
        """Move a declaration through the services until it reaches `target`."""
        steps = {
            S.DRAFT: lambda d: services.submit_declaration(d, actor=d.applicant, pledge=True),
            S.RETURNED: lambda d: services.submit_declaration(d, actor=d.applicant, pledge=True),
            S.SUBMITTED: lambda d: services.start_unit_publicity(d, actor=self.unit_hr(d)),
            S.IN_UNIT_PUBLICITY: self._recommend,
            S.DEPARTMENT_REVIEW: lambda d: services.approve_at_department(d, actor=self.department),
            S.RECOMMENDED: lambda d: services.start_qualification_check(d, actor=self.office),
            S.QUALIFICATION_CHECK: lambda d: services.qualify_declaration(d, actor=self.office),
        }
        while declaration.status != target:
            declaration = steps[declaration.status](declaration)
        return declaration

    def _recommend(self, declaration):
        self.end_publicity(declaration)
        return services.recommend_declaration(
            declaration, actor=self.unit_hr(declaration), commitment=True
        )


@pytest.fixture
def world(demo):
    return World(demo)


@pytest.fixture
def api():
    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for
