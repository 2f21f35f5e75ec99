"""What the jury services share: who to tell, text checks, the term arithmetic, locking."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from juries.models import Jury, ReviewMeeting
from juries.permissions import is_office_staff, oversees


def today() -> date:
    return timezone.localdate()


def require_office(actor, jury: Jury) -> None:
    if not is_office_staff(actor, jury):
        raise PermissionDenied(_("Only the staff of this jury's office may do this."))


def require_bureau(actor, jury: Jury) -> None:
    if not oversees(actor, jury):
        raise PermissionDenied(_("Only the HR bureau overseeing this jury may do this."))


def office_staff(jury: Jury) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            organization_id=jury.office_id, role=Role.JURY_OFFICE, is_active=True
        ).select_related("user")
    ]


def bureau_staff(jury: Jury) -> list[User]:
    ancestors = [int(part) for part in jury.office.path.strip("/").split("/") if part]
    return [
        m.user
        for m in Membership.objects.filter(
            organization_id__in=ancestors, role=Role.HR_BUREAU, is_active=True
        ).select_related("user")
    ]


def meeting_url(meeting) -> str:
    return reverse("juries:meeting_detail", args=[meeting.pk])


def required_text(value, field, message, max_length=None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if max_length and len(value) > max_length:
        raise ValidationError(
            {field: _("Keep it under %(limit)d characters.") % {"limit": max_length}}
        )
    return value


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def within_term(starts: date, ends: date, years: int) -> bool:
    """A term of at most `years` years: 1 March 2025 to 29 February 2028 is three years."""
    return ends < years_later(starts, years)


def lock_meeting(meeting) -> ReviewMeeting:
    return (
        ReviewMeeting.objects.select_for_update(of=("self",))
        .select_related("jury__office", "plan")
        .get(pk=meeting.pk)
    )


def check_jury_may_meet(jury: Jury, held_on: date) -> None:
    if not jury.is_valid_on(held_on):
        if not jury.is_approved:
            raise ValidationError(_("The jury has not been approved: it cannot hold meetings."))
        raise ValidationError(
            _("The jury's approval is valid from %(start)s to %(end)s: it cannot meet on %(day)s.")
            % {
                "start": date_format(jury.approved_on),
                "end": date_format(jury.valid_until),
                "day": date_format(held_on),
            }
        )
