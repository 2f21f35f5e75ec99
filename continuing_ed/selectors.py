"""Reads for continuing education, scoped to what the actor may see.

A person sees their own records. Employer HR staff see the people declaring from their unit;
HR bureau staff, administrators and competent departments see the people of the units below
them. HR staff of an organization that offers a course see the records of that course.
Employer HR staff, bureaus and administrators certify; departments only look."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from accounts.models import Membership, Role, User
from accounts.selectors import active_memberships
from continuing_ed.models import (
    Course,
    CreditHourRecord,
    Enrolment,
    ExamResult,
    ExamValidity,
    ImportBatch,
)
from continuing_ed.permissions import CERTIFYING_ROLES, provider_organization_ids
from titles.models import EvaluationCondition

VIEWING_ROLES = (*CERTIFYING_ROLES, Role.DEPARTMENT_REVIEWER)


def _units_filter(memberships: list[Membership]) -> Q:
    """Units covered by the memberships: an employer HR's own unit, a bureau's subtree."""
    condition = Q(pk__in=[])
    for membership in memberships:
        if membership.role == Role.EMPLOYER_HR:
            condition |= Q(organization_id=membership.organization_id)
        else:
            condition |= Q(organization__path__startswith=membership.organization.path)
    return condition


def people_supervised_by(actor: User, roles=VIEWING_ROLES) -> QuerySet:
    if actor.is_authenticated and actor.is_superuser:
        return User.objects.all()
    return people_under(active_memberships(actor, roles))


def people_under(memberships: list[Membership]) -> QuerySet:
    """The people declaring from the units these memberships cover."""
    if not memberships:
        return User.objects.none()
    applicants = Membership.objects.filter(role=Role.APPLICANT, is_active=True).filter(
        _units_filter(memberships)
    )
    return User.objects.filter(pk__in=applicants.values("user_id"))


def person_visible_to(actor: User, person_id: int) -> User | None:
    """The actor themself or someone they supervise; None for anyone else."""
    if person_id == actor.pk:
        return actor
    return people_supervised_by(actor).filter(pk=person_id).first()


def records_visible_to(actor: User) -> QuerySet:
    records = CreditHourRecord.objects.select_related(
        "person", "course", "provider_organization", "decided_by", "deciding_organization"
    )
    if actor.is_superuser:
        return records
    memberships = active_memberships(actor, VIEWING_ROLES)
    people = people_under(memberships)
    providers = [m.organization_id for m in memberships if m.role in CERTIFYING_ROLES]
    if any(m.role != Role.EMPLOYER_HR for m in memberships):
        # A bureau or department sees most records of its subtree: one pass over the table
        # is the cheapest way to find them.
        return records.filter(
            Q(person=actor) | Q(person__in=people) | Q(provider_organization_id__in=providers)
        )
    # A person or an employer HR sees a few records among many: a UNION of ids lets
    # PostgreSQL read each part through its own index (person, provider organization)
    # where one OR filter would scan every record of the province.
    ids = CreditHourRecord.objects.order_by().values("pk")
    return records.filter(
        pk__in=ids.filter(person_id=actor.pk)
        .union(ids.filter(person__in=people))
        .union(ids.filter(provider_organization_id__in=providers))
    )


def exam_results_visible_to(actor: User) -> QuerySet:
    results = ExamResult.objects.select_related("person")
    if actor.is_superuser:
        return results
    return results.filter(Q(person=actor) | Q(person__in=people_supervised_by(actor)))


def courses_visible_to(actor: User) -> QuerySet:
    """Courses are a public offer: anyone signed in sees them."""
    return Course.objects.select_related("provider_organization")


def enrolments_visible_to(actor: User) -> QuerySet:
    enrolments = Enrolment.objects.select_related("course", "person", "record")
    if actor.is_superuser:
        return enrolments
    return enrolments.filter(
        Q(person=actor)
        | Q(person__in=people_supervised_by(actor))
        | Q(course__provider_organization_id__in=provider_organization_ids(actor))
    )


def import_batches_visible_to(actor: User) -> QuerySet:
    batches = ImportBatch.objects.select_related("uploaded_by")
    return batches if actor.is_superuser else batches.filter(uploaded_by=actor)


def pending_claims_for(actor: User) -> QuerySet:
    """Claims waiting for this actor's decision, in any of their certifying roles."""
    claims = records_visible_to(actor).filter(status=CreditHourRecord.Status.CLAIMED)
    if actor.is_superuser:
        return claims.exclude(person=actor)
    return claims.filter(
        Q(person__in=people_supervised_by(actor, CERTIFYING_ROLES))
        | Q(provider_organization_id__in=provider_organization_ids(actor))
    ).exclude(person=actor)


def pending_claims_in(membership: Membership) -> QuerySet:
    """Claims waiting in the one role a page acts in."""
    if membership.role not in CERTIFYING_ROLES:
        return CreditHourRecord.objects.none()
    return CreditHourRecord.objects.filter(
        Q(person__in=people_under([membership]))
        | Q(provider_organization_id=membership.organization_id),
        status=CreditHourRecord.Status.CLAIMED,
    ).exclude(person_id=membership.user_id)


def condition_in_force(title, year: int) -> EvaluationCondition | None:
    return (
        EvaluationCondition.objects.filter(title=title, effective_year__lte=year)
        .order_by("-effective_year")
        .first()
    )


@dataclass(frozen=True)
class ExamStanding:
    kind: str
    result: ExamResult | None  # the passed result that counts longest, if any
    valid_until: date | None  # None: never expires (or no result)

    def valid_on(self, day: date) -> bool:
        if self.result is None or self.result.exam_date > day:
            return False
        return self.valid_until is None or day <= self.valid_until


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def exam_standings(person: User, series, kinds, on: date | None = None) -> dict[str, ExamStanding]:
    """For each exam kind, the person's latest passed result (taken by `on`, when given),
    which is the one that stays valid longest in the series."""
    validity = dict(
        ExamValidity.objects.filter(series=series, exam_kind__in=kinds).values_list(
            "exam_kind", "validity_years"
        )
    )
    passed = ExamResult.objects.filter(person=person, kind__in=kinds, passed=True)
    if on is not None:
        passed = passed.filter(exam_date__lte=on)
    latest = {}
    for result in passed.order_by("-exam_date", "-pk"):
        latest.setdefault(result.kind, result)
    standings = {}
    for kind in kinds:
        result = latest.get(kind)
        years = validity.get(kind)
        valid_until = None
        if result is not None and years is not None:
            valid_until = add_years(result.exam_date, years) - timedelta(days=1)
        standings[kind] = ExamStanding(kind=kind, result=result, valid_until=valid_until)
    return standings
