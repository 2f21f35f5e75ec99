"""Review meetings: creation, the roster, the application to the HR bureau and its decision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from applicants.models import Declaration
from juries.meeting_workflow import perform_meeting_move, require_meeting_move
from juries.models import Candidate, Jury, ReviewGroup, ReviewMeeting
from juries.services import common
from juries.services.common import (
    bureau_staff,
    check_jury_may_meet,
    lock_meeting,
    meeting_url,
    office_staff,
    require_office,
    required_text,
)
from notifications.services import notify
from titles.models import EvaluationPlan
from titles.working_days import fits_before, last_start_before


def panel_minimum(jury: Jury) -> int:
    """The fewest experts the jury sits with: a senior jury's minimum by the rules, else one."""
    if not jury.is_senior:
        return 1
    if jury.specialty_id:
        return settings.JURY_MIN_SENIOR_SPECIALTY_EXPERTS
    return settings.JURY_MIN_SENIOR_SERIES_EXPERTS


def _check_panel_size(jury: Jury, panel_size: int, group_size: int) -> dict:
    errors = {}
    if panel_size % 2 == 0:
        errors["panel_size"] = _("A jury sits with an odd number of experts.")
    elif jury.is_senior:
        minimum = panel_minimum(jury)
        if panel_size < minimum:
            errors["panel_size"] = _("A senior jury sits with at least %(minimum)d experts.") % {
                "minimum": minimum
            }
    if group_size < settings.REVIEW_GROUP_MIN_EXPERTS:
        errors["group_size"] = _("A review group has at least %(minimum)d experts.") % {
            "minimum": settings.REVIEW_GROUP_MIN_EXPERTS
        }
    return errors


@transaction.atomic
def create_meeting(
    *, actor, plan: EvaluationPlan, name, held_on, venue="", panel_size, group_size=None
) -> ReviewMeeting:
    jury = plan.jury
    if jury is None:
        raise ValidationError({"plan": _("The plan has no jury.")})
    require_office(actor, jury)
    group_size = group_size or settings.REVIEW_GROUP_MIN_EXPERTS
    name = required_text(name, "name", _("Give the meeting a name."), 128)
    if not held_on or held_on <= common.today():
        raise ValidationError({"held_on": _("The meeting must be held on a later date.")})
    check_jury_may_meet(jury, held_on)
    errors = _check_panel_size(jury, panel_size, group_size)
    if errors:
        raise ValidationError(errors)
    return ReviewMeeting.objects.create(
        jury=jury,
        plan=plan,
        name=name,
        held_on=held_on,
        venue=(venue or "").strip(),
        panel_size=panel_size,
        group_size=group_size,
        created_by=actor,
    )


def roster_problems(meeting, declarations) -> dict[int, str]:
    """Why each declaration that cannot go on the meeting's roster cannot, by its pk."""
    taken = set(
        Candidate.objects.filter(declaration__in=declarations).values_list(
            "declaration_id", flat=True
        )
    )
    problems = {}
    for declaration in declarations:
        if (
            declaration.plan_id != meeting.plan_id
            or declaration.status != Declaration.Status.QUALIFIED
        ):
            problems[declaration.pk] = _(
                "%(name)s: only qualified declarations of this plan can be reviewed."
            ) % {"name": declaration.applicant}
        elif declaration.pk in taken:
            problems[declaration.pk] = _("%(name)s is already on a meeting's roster.") % {
                "name": declaration.applicant
            }
    return problems


@transaction.atomic
def assign_candidates(*, actor, meeting, declarations) -> list[Candidate]:
    """Put qualified declarations of the meeting's plan on its roster, in review groups by
    specialty."""
    meeting = lock_meeting(meeting)
    require_meeting_move(meeting, "edit_roster", actor)
    declarations = list(
        Declaration.objects.select_for_update(of=("self",))
        .filter(pk__in=[d.pk for d in declarations])
        .select_related("applicant", "specialty")
        .order_by("pk")
    )
    if not declarations:
        raise ValidationError({"declarations": _("Choose at least one declaration.")})
    problems = list(roster_problems(meeting, declarations).values())
    if problems:
        raise ValidationError({"declarations": problems})
    candidates = []
    for declaration in declarations:
        group, _created = ReviewGroup.objects.get_or_create(
            meeting=meeting, specialty=declaration.specialty
        )
        candidates.append(
            Candidate.objects.create(meeting=meeting, declaration=declaration, group=group)
        )
    return candidates


@transaction.atomic
def remove_candidate(*, actor, candidate) -> None:
    meeting = lock_meeting(candidate.meeting)
    require_meeting_move(meeting, "edit_roster", actor)
    group = candidate.group
    candidate.delete()
    if group is not None and not group.candidates.exists():
        group.delete()


@transaction.atomic
def apply_for_meeting(*, actor, meeting) -> ReviewMeeting:
    """Apply to the HR bureau at least MEETING_APPLICATION_WORKING_DAYS working days ahead."""
    meeting = lock_meeting(meeting)
    acting = require_meeting_move(meeting, "apply", actor)
    if not meeting.candidates.exists():
        raise ValidationError(_("Put the candidates on the roster first."))
    check_jury_may_meet(meeting.jury, meeting.held_on)
    lead = settings.MEETING_APPLICATION_WORKING_DAYS
    # The application's window of `lead` working days (titles/working_days.py `window`) ends
    # before the meeting day.
    if not fits_before(common.today(), lead, meeting.held_on):
        raise ValidationError(
            _("Apply at least %(days)d working days before the meeting: for %(day)s, by %(last)s.")
            % {
                "days": lead,
                "day": date_format(meeting.held_on),
                "last": date_format(last_start_before(meeting.held_on, lead)),
            }
        )
    perform_meeting_move(
        meeting,
        "apply",
        actor=actor,
        acting=acting,
        changes={"applied_at": timezone.now(), "applied_by": actor, "return_reason": ""},
        payload={"candidates": meeting.candidates.count(), "held_on": meeting.held_on},
    )
    notify(
        bureau_staff(meeting.jury),
        subject=lambda: _("Review meeting to approve: %(name)s") % {"name": meeting.name},
        body=lambda: (
            _("%(office)s applies to hold it on %(day)s.")
            % {"office": meeting.jury.office, "day": date_format(meeting.held_on)}
        ),
        url=meeting_url(meeting),
    )
    return meeting


@transaction.atomic
def approve_meeting(*, actor, meeting, observer: User) -> ReviewMeeting:
    """The bureau approves the meeting and names its discipline-inspection observer, the one
    person outside the office who may see the sealed panel."""
    meeting = lock_meeting(meeting)
    acting = require_meeting_move(meeting, "approve", actor)
    check_jury_may_meet(meeting.jury, meeting.held_on)
    if (
        observer is None
        or not Membership.objects.filter(
            user=observer, role=Role.HR_BUREAU, is_active=True
        ).exists()
    ):
        raise ValidationError({"observer": _("Name a member of HR bureau staff as the observer.")})
    if (
        meeting.jury.experts.filter(user=observer).exists()
        or meeting.candidates.filter(declaration__applicant=observer).exists()
    ):
        raise ValidationError(
            {"observer": _("The observer may be neither an expert of the jury nor a candidate.")}
        )
    perform_meeting_move(
        meeting,
        "approve",
        actor=actor,
        acting=acting,
        changes={"decided_at": timezone.now(), "decided_by": actor, "observer": observer},
        payload={"observer": observer.pk},
    )
    notify(
        office_staff(meeting.jury) + [observer],
        subject=lambda: _("Review meeting approved: %(name)s") % {"name": meeting.name},
        url=meeting_url(meeting),
    )
    return meeting


@transaction.atomic
def return_meeting(*, actor, meeting, reason) -> ReviewMeeting:
    meeting = lock_meeting(meeting)
    acting = require_meeting_move(meeting, "return", actor)
    reason = required_text(reason, "reason", _("Give the reason for returning it."))
    perform_meeting_move(
        meeting,
        "return",
        actor=actor,
        acting=acting,
        reason=reason,
        changes={"return_reason": reason, "decided_at": timezone.now(), "decided_by": actor},
    )
    notify(
        office_staff(meeting.jury),
        subject=lambda: _("Review meeting returned: %(name)s") % {"name": meeting.name},
        body=meeting.return_reason,
        url=meeting_url(meeting),
    )
    return meeting
