"""Reads for the statistics pages: the figures the HR bureau and the jury offices follow the
annual cycle by. Each figure is a few aggregate queries (values() + annotate(Count/Sum)) whatever
the number of declarations, people or certificates, scoped to the role the reader acts in.

Scope (the acting membership; a superuser sees everything):
- HR bureau staff and administrators: the plans organized by their organization or below it,
  the declarations of those plans once submitted to a unit (a draft is not a declaration yet),
  the public institutions below them (post quotas) and the people of the units below them
  (continuing education).
- Jury office staff: the plans their office runs and the declarations that reached the office.
  Post quotas are the institutions' and the bureaus' business (the quota pages do not show
  them to offices either), so an office has no quota figure.

The figures themselves are in reports.statistics, one module per subject, and share the shape
in reports.figures."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Membership, Organization, Role
from applicants.models import Declaration
from reports.figures import Figure
from reports.statistics.certificates import certificate_figure
from reports.statistics.continuing_ed import continuing_education_figure
from reports.statistics.declarations import (
    pass_rate_by_employer,
    pass_rate_by_level,
    pass_rate_by_series,
    stage_figure,
)
from reports.statistics.quotas import quota_figure
from titles.models import EvaluationPlan

STATISTICS_ROLES = (Role.HR_BUREAU, Role.ADMIN, Role.JURY_OFFICE)


# --- scope and filters ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    organization: Organization | None  # None: everything (a superuser)
    is_office: bool = False

    @property
    def shows_quotas(self) -> bool:
        return not self.is_office

    def plans(self) -> QuerySet[EvaluationPlan]:
        plans = EvaluationPlan.objects.all()
        if self.organization is None:
            return plans
        if self.is_office:
            return plans.filter(jury__office_id=self.organization.pk)
        return plans.filter(organizer__path__startswith=self.organization.path)

    def declarations(self, plans: QuerySet[EvaluationPlan]) -> QuerySet[Declaration]:
        declarations = Declaration.objects.filter(plan__in=plans)
        if self.is_office:
            return declarations.filter(forwarded_to_office_at__isnull=False)
        return declarations.filter(submitted_at__isnull=False)

    def institutions(self) -> QuerySet[Organization]:
        institutions = Organization.objects.filter(kind=Organization.Kind.PUBLIC_INSTITUTION)
        if self.organization is None:
            return institutions
        return institutions.filter(path__startswith=self.organization.path)

    def people(self) -> QuerySet[Membership]:
        """The applicant memberships of the units below (everyone's, for a superuser)."""
        memberships = Membership.objects.filter(role=Role.APPLICANT, is_active=True)
        if self.organization is None:
            return memberships
        return memberships.filter(organization__path__startswith=self.organization.path)


def statistics_scope(user, membership: Membership | None) -> Scope:
    """What the statistics cover for the role the user acts in; anyone else is refused."""
    if user.is_superuser:
        return Scope(None)
    if membership is None or membership.role not in STATISTICS_ROLES:
        raise PermissionDenied
    return Scope(membership.organization, is_office=membership.role == Role.JURY_OFFICE)


@dataclass(frozen=True)
class Filters:
    year: int
    plan: EvaluationPlan | None
    years: list[int]  # the years with plans in scope, newest first
    plans: list[EvaluationPlan]  # the plans of the year in scope, to choose from


def statistics_filters(scope: Scope, *, year: int | None = None, plan_id=None) -> Filters:
    """The year (a plan's own year when a plan is chosen; by default the newest year with a
    plan) and the plan. A plan outside the scope does not exist for the reader (404)."""
    plans = scope.plans()
    plan = None
    if plan_id is not None:
        plan = plans.filter(pk=plan_id).first()
        if plan is None:
            raise Http404
    years = list(plans.order_by("-year").values_list("year", flat=True).distinct())
    if plan is not None:
        year = plan.year
    elif year is None:
        year = years[0] if years else timezone.localdate().year
    return Filters(
        year=year,
        plan=plan,
        years=years,
        plans=list(plans.filter(year=year).order_by("name", "pk")),
    )


def statistics_figures(scope: Scope, filters: Filters) -> list[Figure]:
    """Every figure for the filters, in a constant number of queries."""
    plans = scope.plans().filter(year=filters.year)
    if filters.plan is not None:
        plans = plans.filter(pk=filters.plan.pk)
    declarations = scope.declarations(plans)
    figures = [
        stage_figure(declarations),
        pass_rate_by_series(declarations),
        pass_rate_by_level(declarations),
        pass_rate_by_employer(declarations),
    ]
    if scope.shows_quotas:
        figures.append(quota_figure(scope, filters.year))
    figures.append(continuing_education_figure(scope, declarations, filters.year, filters.plan))
    figures.append(certificate_figure(plans))
    return figures
