"""The one place tests build their data: factory-boy factories for the rows every area needs.

Organizations and accounts go through the services (`create_organization`, `create_account`)
so that paths, memberships and the audit chain are what the product makes; the rest are rows
created directly with valid defaults, for tests that need data at a given stage without
walking it there (the stages themselves are tested through the services).

    office = OrganizationFactory(parent=city, kind=Organization.Kind.JURY_OFFICE)
    staff = AccountFactory(organization=office, role=Role.JURY_OFFICE)
    declaration = DeclarationFactory(plan=plan, employer=unit, status=Declaration.Status.QUALIFIED)

Every number that must be unique (credit codes, ID numbers, usernames) comes from a sequence
far from the demo's, so factories and the demo cycle mix freely."""

from datetime import date, timedelta

import factory

from accounts.models import Membership, Organization, Role, User
from accounts.services import create_account, create_organization
from applicants.models import Declaration
from fixtures.demo_cycle import credit_code, resident_id
from juries.models import Jury
from quotas.models import PostData, PostLevel
from titles.models import EvaluationPlan, Level, Series, Specialty, TitleName

PASSWORD = "a-long-test-password"  # noqa: S105 - test accounts only
Kind = Organization.Kind


def person_id(sequence: int, region: str = "630105") -> str:
    """A valid resident ID number, different for each `sequence`."""
    return resident_id(region, date(1970, 1, 1) + timedelta(days=sequence // 1000), sequence % 1000)


class OrganizationFactory(factory.Factory):
    """An organization created by the system administrator; give `parent` except for a
    provincial bureau."""

    class Meta:
        model = Organization

    parent = None
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = factory.LazyAttribute(
        lambda o: Kind.PROVINCE_BUREAU if o.parent is None else Kind.ENTERPRISE
    )
    credit_code = factory.Sequence(lambda n: credit_code(20_000 + n))

    @classmethod
    def _create(cls, model_class, **fields):
        return create_organization(actor=None, **fields)


class AccountFactory(factory.Factory):
    """An account with its first role, created by the system administrator (`actor` to have
    someone else create it)."""

    class Meta:
        model = User

    actor = None
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.APPLICANT
    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.LazyAttribute(lambda o: f"{o.username} 姓名")
    password = PASSWORD
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    id_number = factory.LazyAttributeSequence(
        lambda o, n: person_id(40_000 + n) if o.role == Role.APPLICANT else ""
    )

    @classmethod
    def _create(cls, model_class, **fields):
        return create_account(**fields)


class PersonFactory(factory.django.DjangoModelFactory):
    """An applicant of `organization` written straight to the table, without the account
    service's checks: for tests that need many people quickly."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    real_name = factory.Sequence(lambda n: f"申报人{n}")
    membership = factory.RelatedFactory(
        "tests.factories.MembershipFactory",
        factory_related_name="user",
        organization=factory.SelfAttribute("..organization"),
    )

    class Params:
        organization = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    role = Role.APPLICANT


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"S{n}")
    name_zh = factory.LazyAttribute(lambda o: f"{o.code}系列")
    name_en = factory.LazyAttribute(lambda o: f"{o.code} series")


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty

    series = factory.SubFactory(SeriesFactory)
    code = factory.LazyAttribute(lambda o: f"{o.series.code}01")
    name_zh = "专业"
    name_en = "Specialty"


class TitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TitleName

    series = factory.SubFactory(SeriesFactory)
    level = Level.DEPUTY_SENIOR
    name_zh = factory.LazyAttribute(lambda o: f"{o.series.name_zh}{o.level}级")
    name_en = factory.LazyAttribute(lambda o: o.name_zh)


class JuryFactory(factory.django.DjangoModelFactory):
    """A jury for intermediate and deputy senior titles of its series, run by `office` for the
    bureau `established_by`."""

    class Meta:
        model = Jury

    name = factory.LazyAttribute(lambda o: f"{o.series.name_zh}评审委员会")
    min_level = Level.INTERMEDIATE
    max_level = Level.DEPUTY_SENIOR


class PlanFactory(factory.django.DjangoModelFactory):
    """An evaluation plan open for declarations in its year, for the titles it is given."""

    class Meta:
        model = EvaluationPlan
        skip_postgeneration_save = True

    year = 2026
    name = factory.LazyAttribute(lambda o: f"{o.year}年度{o.series.name_zh}评审")
    series = factory.LazyAttribute(lambda o: o.jury.series)
    status = EvaluationPlan.Status.OPEN
    declaration_opens = factory.LazyAttribute(lambda o: date(o.year, 11, 2))
    declaration_closes = factory.LazyAttribute(lambda o: date(o.year, 12, 18))
    unit_recommendation_deadline = factory.LazyAttribute(lambda o: date(o.year, 12, 31))
    qualification_check_deadline = factory.LazyAttribute(lambda o: date(o.year + 1, 1, 29))
    achievement_cutoff = factory.LazyAttribute(lambda o: date(o.year, 12, 31))
    unit_publicity_working_days = 5
    result_publicity_working_days = 5

    @factory.post_generation
    def titles(plan, create, titles, **kwargs):
        if create and titles:
            plan.titles.set(titles)


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A declaration at `status`, set directly: test setup for the stages after it (the moves
    themselves are tested through the workflow). Without `title`, the plan's title at `level`."""

    class Meta:
        model = Declaration

    class Params:
        level = Level.DEPUTY_SENIOR

    employer = None
    applicant = factory.LazyAttribute(lambda o: PersonFactory(organization=o.employer))
    title = factory.LazyAttribute(lambda o: o.plan.series.titles.get(level=o.level))
    specialty = factory.LazyAttribute(lambda o: o.plan.series.specialties.order_by("pk").first())
    status = Declaration.Status.SUBMITTED


class PostDataFactory(factory.django.DjangoModelFactory):
    """An institution's post figures for a year, with the audit form approved."""

    class Meta:
        model = PostData

    year = 2026
    post_level = PostLevel.DEPUTY_SENIOR
    approved_posts = 10
    qualified_hired = 0
    qualified_not_hired = 0
    audit_form_approved = True
