"""What continuing education puts on home pages: claims waiting for certification, and the
person's own hours while this year's requirement is not met."""

from datetime import date

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from continuing_ed.requirement import format_hours, requirement_status
from continuing_ed.selectors import pending_claims_in
from core.todo import TodoItem, todo_provider


@todo_provider(Role.EMPLOYER_HR, Role.HR_BUREAU, Role.ADMIN)
def claims_to_certify(membership):
    waiting = pending_claims_in(membership).aggregate(count=Count("pk"), oldest=Min("created_at"))
    if waiting["count"]:
        yield TodoItem(
            title=_("Continuing-education hours waiting for certification"),
            url=reverse("continuing_ed:review"),
            count=waiting["count"],
            since=timezone.localdate(waiting["oldest"]),
        )


@todo_provider(Role.APPLICANT)
def own_hours_this_year(membership):
    year = timezone.localdate().year
    (status,) = requirement_status(membership.user, [year])
    if status.meets:
        return
    yield TodoItem(
        title=_("Continuing education %(year)s: %(certified)s of %(required)s hours certified")
        % {
            "year": year,
            "certified": format_hours(status.total),
            "required": format_hours(status.rule.hours_per_year),
        },
        url=reverse("continuing_ed:mine"),
        due=date(year, 12, 31),
    )
