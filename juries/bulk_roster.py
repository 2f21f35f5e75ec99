"""The jury office puts many qualified declarations on a meeting's roster from the declaration
list, each in the review group of its specialty (applicants/bulk.py runs the preview, the
confirmation, the background job and the results).

The preview asks the same questions as assign_candidates (juries/services/meetings.py): the
meeting's state and the office's role on it, then each declaration's plan, state and whether
another roster has it already. Each declaration is put on the roster in its own transaction,
so that one refused does not hold back the others."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from applicants.bulk import BulkMove, StageMove, register_bulk_move
from core.per_item import refusal_text
from juries import meeting_workflow
from juries.models import ReviewMeeting
from juries.services.meetings import assign_candidates, roster_problems


def _open_meetings(membership):
    return (
        ReviewMeeting.objects.filter(
            jury__office_id=membership.organization_id,
            status__in=meeting_workflow.states_allowing("edit_roster"),
        )
        .select_related("plan", "jury")
        .order_by("held_on", "pk")
    )


def meetings_to_fill(membership) -> list[tuple[str, str]]:
    """The office's meetings whose roster can still change, as (pk, label)."""
    return [
        (str(meeting.pk), f"{meeting.name} · {date_format(meeting.held_on)}")
        for meeting in _open_meetings(membership)
    ]


def meeting_to_fill(membership, value) -> ReviewMeeting | None:
    try:
        return _open_meetings(membership).filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def _group_label(declaration) -> str:
    return _("Review group: %(specialty)s") % {"specialty": declaration.specialty}


def preview_roster(declarations, meeting, actor) -> dict[int, tuple[str, str]]:
    try:
        meeting_workflow.require_meeting_move(meeting, "edit_roster", actor)
    except (PermissionDenied, ValidationError) as error:
        refusal = refusal_text(error)
        return {declaration.pk: (refusal, "") for declaration in declarations}
    problems = roster_problems(meeting, declarations)
    return {
        declaration.pk: (problems.get(declaration.pk, ""), _group_label(declaration))
        for declaration in declarations
    }


def put_on_roster(declaration, meeting, actor) -> str:
    assign_candidates(actor=actor, meeting=meeting, declarations=[declaration])
    return _group_label(declaration)


ROSTER_MOVE = register_bulk_move(
    BulkMove(
        "put_on_roster",
        Role.JURY_OFFICE,
        gettext_lazy("Put on a meeting's roster, in review groups"),
        stage=StageMove(
            target_label=gettext_lazy("Meeting"),
            missing_target=gettext_lazy(
                "Choose the meeting whose roster the declarations go on first."
            ),
            targets=meetings_to_fill,
            target=meeting_to_fill,
            preview=preview_roster,
            perform=put_on_roster,
        ),
    )
)
