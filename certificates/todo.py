"""What filing and certificates put on home pages: the office's results ready for filing,
the bureau's filings waiting for a decision and batches with failures."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from certificates.models import Filing, IssueFailure
from certificates.selectors import filing_due, meetings_awaiting_filing
from core.todo import TodoItem, todo_provider


@todo_provider(Role.JURY_OFFICE)
def office_filing_items(membership):
    meetings = meetings_awaiting_filing(membership.user).filter(
        jury__office_id=membership.organization_id
    )
    for meeting in meetings:
        yield TodoItem(
            title=_("Results of %(meeting)s ready for filing") % {"meeting": meeting},
            url=reverse("certificates:filing_new", args=[meeting.pk]),
            due=filing_due(meeting.publicity),
        )


@todo_provider(Role.HR_BUREAU)
def bureau_filing_items(membership):
    below = {"meeting__plan__organizer__path__startswith": membership.organization.path}
    waiting = Filing.objects.filter(status=Filing.Status.SUBMITTED, **below)
    count = waiting.count()
    if count:
        oldest = waiting.order_by("submitted_at").first()
        yield TodoItem(
            title=_("Filings waiting for approval"),
            url=reverse("certificates:filing_list"),
            count=count,
            since=timezone.localdate(oldest.submitted_at),
        )
    failing = (
        IssueFailure.objects.filter(**{f"filing__{key}": value for key, value in below.items()})
        .values("filing_id")
        .distinct()
    )
    for row in failing:
        yield TodoItem(
            title=_("Certificates that could not be issued: retry"),
            url=reverse("certificates:filing_detail", args=[row["filing_id"]]),
        )
