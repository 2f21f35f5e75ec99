"""What each role has to do about declarations, for its home page."""

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.todo import TodoItem, todo_provider
from applicants.models import CorrectionNotice, Declaration, UnitPublicity
from applicants.notifications import declaration_url
from applicants.permissions import declarations_for_membership
from applicants.workflow import today

S = Declaration.Status
LIST_URL = "/declarations/"


def _list_url(status) -> str:
    return f"{LIST_URL}?status={status}"


def _day(moment):
    return timezone.localdate(moment) if moment else None


@todo_provider(Role.APPLICANT)
def applicant_todo(membership):
    own = Declaration.objects.filter(applicant_id=membership.user_id).select_related("title")
    for declaration in own.filter(status=S.RETURNED):
        yield TodoItem(
            title=_("Your declaration for %(title)s was returned: correct it and submit again.")
            % {"title": declaration.title},
            url=declaration_url(declaration),
            since=_day(declaration.updated_at),
        )
    notices = CorrectionNotice.objects.filter(
        declaration__applicant_id=membership.user_id,
        declaration__status=S.CORRECTION_REQUESTED,
        resubmitted_at__isnull=True,
    ).select_related("declaration__title")
    for notice in notices:
        yield TodoItem(
            title=_("Correct %(count)s problems in your declaration for %(title)s and resubmit it.")
            % {"count": len(notice.items), "title": notice.declaration.title},
            url=declaration_url(notice.declaration),
            due=notice.deadline,
            since=_day(notice.issued_at),
        )


@todo_provider(Role.EMPLOYER_HR, Role.HR_BUREAU)
def unit_todo(membership):
    unit = Declaration.objects.filter(employer_id=membership.organization_id)
    submitted = unit.filter(status=S.SUBMITTED)
    count = submitted.count()
    if count:
        yield TodoItem(
            title=_("Check submitted declarations and start their unit publicity"),
            url=_list_url(S.SUBMITTED),
            count=count,
            since=_day(submitted.aggregate(since=Min("submitted_at"))["since"]),
        )
    publicities = UnitPublicity.objects.filter(
        declaration__employer_id=membership.organization_id,
        declaration__status=S.IN_UNIT_PUBLICITY,
    )
    ended = publicities.filter(ends_on__lt=today())
    ended_count = ended.count()
    if ended_count:
        yield TodoItem(
            title=_("Unit publicity ended: recommend or return the declarations"),
            url=_list_url(S.IN_UNIT_PUBLICITY),
            count=ended_count,
            due=ended.aggregate(due=Min("ends_on"))["due"],
        )
    running = publicities.filter(ends_on__gte=today())
    running_count = running.count()
    if running_count:
        yield TodoItem(
            title=_("Unit publicity running: watch for objections"),
            url=_list_url(S.IN_UNIT_PUBLICITY),
            count=running_count,
            due=running.aggregate(due=Min("ends_on"))["due"],
        )


@todo_provider(Role.DEPARTMENT_REVIEWER)
def department_todo(membership):
    waiting = declarations_for_membership(membership).filter(
        status=S.DEPARTMENT_REVIEW, employer__parent_id=membership.organization_id
    )
    figures = waiting.aggregate(since=Min("recommended_at"))
    count = waiting.count()
    if count:
        yield TodoItem(
            title=_("Review declarations recommended by your units"),
            url=_list_url(S.DEPARTMENT_REVIEW),
            count=count,
            since=_day(figures["since"]),
        )


@todo_provider(Role.JURY_OFFICE)
def office_todo(membership):
    waiting = Declaration.objects.filter(
        plan__jury__office_id=membership.organization_id,
        status__in=(S.RECOMMENDED, S.QUALIFICATION_CHECK),
    )
    count = waiting.count()
    if count:
        yield TodoItem(
            title=_("Check the qualification of recommended declarations, oldest first"),
            url=_list_url(S.RECOMMENDED),
            count=count,
            since=_day(waiting.aggregate(since=Min("forwarded_to_office_at"))["since"]),
        )
