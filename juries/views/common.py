"""What the jury pages share: forms that came back with problems, and finding the meeting.
The steps around a service call every app's pages share are in core.pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.pages import tell
from juries import permissions, selectors
from juries.models import ReviewMeeting


def page_forms(request, shown: dict, failed: dict) -> dict:
    """A page's forms: the new ones it shows, with a form that came back with problems in place
    of its new one (what was typed kept). When the page no longer shows that form (the action
    closed meanwhile), its problems become messages so that they are still read."""
    for name, form in failed.items():
        if name in shown:
            shown[name] = form
        else:
            tell(request, form)
    return shown


def row_forms(request, items, new_form, failed=None) -> list:
    """Each item of a list with its own form, as (item, form): a new one (None where the item
    has no form), or for the item whose form came back with problems, that bound form."""
    failed_item, failed_form = failed or (None, None)
    rows = []
    for item in items:
        form = new_form(item)
        if form is not None and failed_item is not None and item.pk == failed_item.pk:
            form, failed_form = failed_form, None
        rows.append((item, form))
    if failed_form is not None:
        tell(request, failed_form)
    return rows


def visible_meeting(request, pk) -> ReviewMeeting:
    return get_object_or_404(selectors.visible_meetings(request.user), pk=pk)


def office_meeting(request, pk) -> ReviewMeeting:
    meeting = visible_meeting(request, pk)
    if not permissions.is_office_staff(request.user, meeting.jury):
        raise PermissionDenied(_("Only the staff of this jury's office may do this."))
    return meeting
