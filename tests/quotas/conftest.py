from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Organization, Role
from applicants.models import Declaration, UnitPublicity
from fixtures.demo_cycle import DEMO_PASSWORD
from quotas.models import PostData, PostLevel
from tests.factories import AccountFactory, DeclarationFactory, OrganizationFactory, PersonFactory
from titles.models import Level, Specialty


class QuotaWorld:
    """The demo cycle plus builders for institutions, post data and declarations."""

    def __init__(self, demo):
        self.demo = demo
        self.plan = demo["plan"]
        self.users = demo["users"]
        self.bureau_org = self.users["bureau"].memberships.get().organization
        self.hospital = self.users["hospital_hr"].memberships.get().organization
        self.school = self.users["school_hr"].memberships.get().organization
        self.enterprise = self.users["employer"].memberships.get().organization
        self.specialty = Specialty.objects.filter(series__code="GC").first()

    def institution(
        self, name="示范市测试事业单位", *, kind=Organization.Kind.PUBLIC_INSTITUTION, parent=None
    ):
        return OrganizationFactory(parent=parent or self.bureau_org, name=name, kind=kind)

    def hr_staff(self, institution, username):
        return AccountFactory(
            organization=institution,
            role=Role.EMPLOYER_HR,
            username=username,
            real_name="人事" + username,
            password=DEMO_PASSWORD,
            email=f"{username}@demo.example",
        )

    def post_data(
        self,
        institution,
        post_level=PostLevel.DEPUTY_SENIOR,
        *,
        approved,
        hired,
        not_hired=0,
        retirement=0,
        transfer=0,
        other=0,
        approved_form=True,
        year=None,
    ):
        row, _created = PostData.objects.update_or_create(
            institution=institution,
            year=year or self.plan.year,
            post_level=post_level,
            defaults={
                "approved_posts": approved,
                "qualified_hired": hired,
                "qualified_not_hired": not_hired,
                "freed_by_retirement": retirement,
                "freed_by_transfer": transfer,
                "freed_other": other,
                "audit_form_approved": approved_form,
            },
        )
        return row

    def declaration(
        self,
        employer,
        *,
        level=Level.DEPUTY_SENIOR,
        channel="regular",
        status=Declaration.Status.SUBMITTED,
        applicant=None,
    ):
        return DeclarationFactory(
            applicant=applicant or PersonFactory(organization=employer),
            employer=employer,
            plan=self.plan,
            level=level,
            specialty=self.specialty,
            channel=channel,
            status=status,
        )

    def ready_to_recommend(self, employer, **kwargs):
        """A declaration whose unit publicity has ended without objections."""
        declaration = self.declaration(
            employer, status=Declaration.Status.IN_UNIT_PUBLICITY, **kwargs
        )
        today = timezone.localdate()
        UnitPublicity.objects.create(
            declaration=declaration,
            starts_on=today - timedelta(days=10),
            ends_on=today - timedelta(days=3),
            working_days=5,
            started_by=self.users["hospital_hr"],
        )
        return declaration


@pytest.fixture
def world(demo):
    return QuotaWorld(demo)


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the product's answers in English; the language a page or API answers
    in is tested in tests/ui and tests/accounts."""
    settings.LANGUAGE_CODE = "en"
