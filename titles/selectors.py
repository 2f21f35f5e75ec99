"""Reads for the catalogue and the evaluation plans.

Who sees which plan: bureau staff see the plans organized in their subtree; a jury office
sees the plans of the juries it runs; an expert those of the juries they sit on; everyone
in an employer, a department or a county bureau's applicants sees the published plans of
the organizers above them, since an organizer's plan applies to its whole subtree."""

from datetime import date, timedelta

from django.db.models import OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Membership, Organization, Role, User
from accounts.selectors import active_memberships
from titles.models import CalendarYear, EvaluationCondition, EvaluationPlan, Series, TitleName
from titles.permissions import BUREAU_ROLES, bureau_memberships


def condition_for(title: TitleName, year: int) -> EvaluationCondition | None:
    """The version of the title's conditions in force for a plan year."""
    return (
        EvaluationCondition.objects.filter(title=title, effective_year__lte=year)
        .order_by("-effective_year")
        .first()
    )


def conditions_in_force(year: int, conditions: QuerySet | None = None) -> QuerySet:
    """For each title, the one version in force for the plan year."""
    conditions = EvaluationCondition.objects.all() if conditions is None else conditions
    latest = (
        EvaluationCondition.objects.filter(title=OuterRef("title"), effective_year__lte=year)
        .order_by("-effective_year")
        .values("effective_year")[:1]
    )
    return conditions.filter(effective_year=latest)


def catalogue(year: int | None = None) -> QuerySet[Series]:
    """The series with their specialties and titles, each title carrying
    `condition_in_force` for the year (None when it has none, e.g. 以考代评)."""
    year = year or timezone.localdate().year
    titles = TitleName.objects.order_by("level").prefetch_related(
        Prefetch(
            "conditions",
            queryset=conditions_in_force(year),
            to_attr="conditions_in_force",
        )
    )
    return Series.objects.prefetch_related("specialties", Prefetch("titles", queryset=titles))


def _plans() -> QuerySet[EvaluationPlan]:
    return (
        EvaluationPlan.objects.select_related("organizer", "series", "jury")
        .prefetch_related(Prefetch("titles", queryset=TitleName.objects.order_by("level")))
        .order_by("-year", "declaration_opens", "name", "pk")
    )


def _ancestor_ids(organization: Organization) -> list[int]:
    return [int(part) for part in organization.path.strip("/").split("/") if part]


def _visibility(membership: Membership) -> Q:
    organization = membership.organization
    if membership.role in BUREAU_ROLES:
        return Q(organizer__path__startswith=organization.path)
    if membership.role == Role.JURY_OFFICE:
        return Q(jury__office=organization)
    if membership.role == Role.EXPERT:
        return Q(jury__experts__user=membership.user_id, jury__experts__is_active=True)
    published = ~Q(status=EvaluationPlan.Status.DRAFT)
    return published & Q(organizer__in=_ancestor_ids(organization))


def plans_visible_to(membership: Membership | None) -> QuerySet[EvaluationPlan]:
    """The plans one role sees, for the pages (which act in one role at a time)."""
    if membership is None:
        return EvaluationPlan.objects.none()
    if membership.user.is_superuser:
        return _plans()
    return _plans().filter(
        pk__in=EvaluationPlan.objects.filter(_visibility(membership)).values("pk")
    )


def plans_visible_to_user(user: User) -> QuerySet[EvaluationPlan]:
    """The plans any of the user's active roles sees, for the API."""
    if not user.is_authenticated:
        return EvaluationPlan.objects.none()
    if user.is_superuser:
        return _plans()
    condition = Q(pk__in=[])
    for membership in active_memberships(user):
        condition |= _visibility(membership)
    return _plans().filter(pk__in=EvaluationPlan.objects.filter(condition).values("pk"))


def open_plans(today: date | None = None) -> QuerySet[EvaluationPlan]:
    """Plans taking declarations today."""
    today = today or timezone.localdate()
    return _plans().filter(
        status=EvaluationPlan.Status.OPEN,
        declaration_opens__lte=today,
        declaration_closes__gte=today,
    )


def plan_organizers_for(user: User) -> QuerySet[Organization]:
    """The organizations the user may organize plans for: their bureaus' subtrees."""
    if user.is_superuser:
        return Organization.objects.filter(is_active=True)
    condition = Q(pk__in=[])
    for membership in bureau_memberships(user):
        condition |= Q(path__startswith=membership.organization.path)
    return Organization.objects.filter(condition, is_active=True)


def draft_plans_due(membership: Membership, within_days: int = 14) -> QuerySet[EvaluationPlan]:
    """Draft plans of the bureau's subtree whose declarations should open soon or should
    already have opened."""
    horizon = timezone.localdate() + timedelta(days=within_days)
    return EvaluationPlan.objects.filter(
        status=EvaluationPlan.Status.DRAFT,
        organizer__path__startswith=membership.organization.path,
        declaration_opens__lte=horizon,
    ).order_by("declaration_opens", "pk")


def entered_year(year: int) -> CalendarYear | None:
    """Who marked the year's calendar as entered in full, when and from which notice."""
    return CalendarYear.objects.filter(year=year).select_related("entered_by").first()
