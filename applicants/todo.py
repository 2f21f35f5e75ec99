"""What each role has to do about declarations, for its home page."""

from django.db.models import Count, Min, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from applicants.models import CorrectionNotice, Declaration, UnitPublicity
from applicants.notifications import declaration_url
from applicants.permissions import declarations_for_membership
from applicants.workflow import today
from core.todo import TodoItem, todo_provider

S = Declaration.Status
LIST_URL = "/declarations/"


def _list_url(status) -> str:
    return f"{LIST_URL}?status={status}"


def _day(moment):
    return timezone.localdate(moment) if moment else None


def _waiting(items, *, title, status, since=None, due=None):
    """One line for a set of declarations (or their publicities) waiting on the role: how many,
    with the date the oldest arrived (`since` names that field) or the nearest deadline (`due`)."""
    yield from _waiting_in_parts(items, ((title, None),), status=status, since=since, due=due)


def _waiting_in_parts(items, parts, *, status, since=None, due=None):
    """A line for each part of one set, (title, condition; None: the whole set), counted and
    dated as `_waiting` does: all of them in one query."""
    dated = {name: field for name, field in (("since", since), ("due", due)) if field}
    figures = {}
    for number, (_title, condition) in enumerate(parts):
        figures[f"count_{number}"] = Count("pk", filter=condition)
        for name, field in dated.items():
            figures[f"{name}_{number}"] = Min(field, filter=condition)
    found = items.aggregate(**figures)
    for number, (title, _condition) in enumerate(parts):
        if found[f"count_{number}"]:
            yield TodoItem(
                title=title,
                url=_list_url(status),
                count=found[f"count_{number}"],
                since=_day(found.get(f"since_{number}")),
                due=found.get(f"due_{number}"),
            )


@todo_provider(Role.APPLICANT)
def applicant_todo(membership):
    # One query for both, as there is nearly always neither: the notices are read only for a
    # declaration waiting for its correction.
    waiting = (
        Declaration.objects.filter(
            applicant_id=membership.user_id, status__in=(S.RETURNED, S.CORRECTION_REQUESTED)
        )
        .select_related("title")
        .prefetch_related(
            Prefetch(
                "correction_notices",
                queryset=CorrectionNotice.objects.filter(resubmitted_at__isnull=True),
                to_attr="open_notices",
            )
        )
    )
    for declaration in waiting:
        if declaration.status == S.RETURNED:
            yield TodoItem(
                title=_("Your declaration for %(title)s was returned: correct it and submit again.")
                % {"title": declaration.title},
                url=declaration_url(declaration),
                since=_day(declaration.updated_at),
            )
            continue
        for notice in declaration.open_notices:
            yield TodoItem(
                title=_(
                    "Correct %(count)s problems in your declaration for %(title)s and resubmit it."
                )
                % {"count": len(notice.items), "title": declaration.title},
                url=declaration_url(declaration),
                due=notice.deadline,
                since=_day(notice.issued_at),
            )


@todo_provider(Role.EMPLOYER_HR, Role.HR_BUREAU)
def unit_todo(membership):
    yield from _waiting(
        Declaration.objects.filter(employer_id=membership.organization_id, status=S.SUBMITTED),
        title=_("Check submitted declarations and start their unit publicity"),
        status=S.SUBMITTED,
        since="submitted_at",
    )
    publicities = UnitPublicity.objects.filter(
        declaration__employer_id=membership.organization_id,
        declaration__status=S.IN_UNIT_PUBLICITY,
    )
    yield from _waiting_in_parts(
        publicities,
        (
            (
                _("Unit publicity ended: recommend or return the declarations"),
                Q(ends_on__lt=today()),
            ),
            (_("Unit publicity running: watch for objections"), Q(ends_on__gte=today())),
        ),
        status=S.IN_UNIT_PUBLICITY,
        due="ends_on",
    )


@todo_provider(Role.DEPARTMENT_REVIEWER)
def department_todo(membership):
    yield from _waiting(
        declarations_for_membership(membership).filter(
            status=S.DEPARTMENT_REVIEW, employer__parent_id=membership.organization_id
        ),
        title=_("Review declarations recommended by your units"),
        status=S.DEPARTMENT_REVIEW,
        since="recommended_at",
    )


@todo_provider(Role.JURY_OFFICE)
def office_todo(membership):
    yield from _waiting(
        Declaration.objects.filter(
            plan__jury__office_id=membership.organization_id,
            status__in=(S.RECOMMENDED, S.QUALIFICATION_CHECK),
        ),
        title=_("Check the qualification of recommended declarations, oldest first"),
        status=S.RECOMMENDED,
        since="forwarded_to_office_at",
    )
