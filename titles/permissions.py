"""Who edits the title catalogue and who manages a plan, used by the services, the pages and
the API alike. The catalogue is provincial data: HR bureau staff and administrators of a
provincial bureau edit it. A plan belongs to its organizing body: the bureau staff of that
body or of any bureau above it manage it. `actor=None` is the system itself."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, Role, User
from accounts.selectors import active_memberships

BUREAU_ROLES = (Role.HR_BUREAU, Role.ADMIN)


def bureau_memberships(user: User) -> list[Membership]:
    return active_memberships(user, BUREAU_ROLES)


def is_bureau_staff(user: User) -> bool:
    """Holds a bureau role anywhere: may ask to change titles data, the service decides
    which organizer or catalogue entry."""
    return user.is_superuser or bool(bureau_memberships(user))


def acts_as_bureau(user: User, membership: Membership | None) -> bool:
    """The role the user acts in on the pages is a bureau's."""
    return user.is_superuser or (membership is not None and membership.role in BUREAU_ROLES)


def can_edit_catalogue(actor: User | None) -> bool:
    if actor is None or actor.is_superuser:
        return True
    return any(
        m.organization.kind == Organization.Kind.PROVINCE_BUREAU for m in bureau_memberships(actor)
    )


def can_manage_plans_of(actor: User | None, organizer: Organization) -> bool:
    """Bureau staff of the organizing body or of a bureau above it."""
    if actor is None or actor.is_superuser:
        return True
    return any(organizer.is_within(m.organization) for m in bureau_memberships(actor))


def require_catalogue_editor(actor: User | None) -> None:
    if not can_edit_catalogue(actor):
        raise PermissionDenied(
            _("Only provincial HR bureau staff and administrators edit the title catalogue.")
        )


def require_plan_manager(actor: User | None, organizer: Organization) -> None:
    if not can_manage_plans_of(actor, organizer):
        raise PermissionDenied(
            _("Only HR bureau staff of the organizing body or above it manage its plans.")
        )


def manages_plan_here(user: User, membership: Membership | None, plan) -> bool:
    """On the pages: the role the user acts in is a bureau's, and it manages the plan."""
    return acts_as_bureau(user, membership) and can_manage_plans_of(user, plan.organizer)


def can_enter_calendar(actor: User | None) -> bool:
    """Administrators enter the working-day calendar (a year's holidays and make-up working
    days); everyone signed in reads it."""
    if actor is None or actor.is_superuser:
        return True
    return bool(active_memberships(actor, (Role.ADMIN,)))


def require_calendar_editor(actor: User | None) -> None:
    if not can_enter_calendar(actor):
        raise PermissionDenied(
            _("Only administrators enter the holidays and make-up working days of a year.")
        )


def acts_as_calendar_editor(user: User, membership: Membership | None) -> bool:
    """On the pages: the role the user acts in is an administrator's."""
    return user.is_superuser or (membership is not None and membership.role == Role.ADMIN)
