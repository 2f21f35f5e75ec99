"""The menu of each role. Each app declares its own entries in its `menu.py` (found at
start-up by core/apps.py), each with the roles that see it, the group it is listed under and
its position inside that group:

    menu_entry(_("Post quotas"), "quotas:overview", roles=(Role.HR_BUREAU,), position=90,
               group=PLANS)

The page shows the groups as headed lists in a side navigation (templates/base.html), in the
order of the groups, then of the entries' positions."""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuGroup:
    label: str  # lazily translated; "" for the entries above every heading
    position: int
    # A role whose own words differ: the applicant's declarations are "My declaration".
    label_by_role: dict = field(default_factory=dict, compare=False, hash=False)

    def label_for(self, role) -> str:
        return self.label_by_role.get(role, self.label)


# Roles are plain strings here: core imports no app, and Role's values are these.
START = MenuGroup("", 0)
DECLARATIONS = MenuGroup(_("Declarations and review"), 10, {"applicant": _("My declarations")})
REVIEW = MenuGroup(_("Jury review"), 20, {"applicant": _("Review results")})
CERTIFICATES = MenuGroup(_("Certificates and filing"), 30, {"applicant": _("My certificates")})
PLANS = MenuGroup(_("Plans and standards"), 40)
REPORTS = MenuGroup(_("Statistics and reports"), 50)
SYSTEM = MenuGroup(_("System administration"), 60)
PERSONAL = MenuGroup(_("My account"), 70)
# Where an entry declared without a group goes, so that it is never lost.
OTHER = MenuGroup(_("More"), 80)


@dataclass(frozen=True)
class MenuEntry:
    label: str  # lazily translated
    url_name: str
    roles: tuple[str, ...]
    position: int
    group: MenuGroup


class MenuItem(NamedTuple):
    label: str
    url_name: str
    heading: str  # the group's label for the role; "" above every heading


_ENTRIES: dict[str, MenuEntry] = {}


def menu_entry(label, url_name: str, *, roles, position: int, group: MenuGroup = OTHER) -> None:
    """Add the page `url_name` to the menu of `roles`, under `group` at `position` (smaller
    comes first)."""
    if url_name in _ENTRIES and _ENTRIES[url_name].position != position:
        raise ValueError(f"menu entry {url_name!r} is declared twice")
    _ENTRIES[url_name] = MenuEntry(label, url_name, tuple(roles), position, group)


def menu_items_for(membership) -> list[MenuItem]:
    """The entries the membership's role sees, with their group's heading, in menu order."""
    if membership is None:
        return []
    role = membership.role
    entries = sorted(
        (entry for entry in _ENTRIES.values() if role in entry.roles),
        key=lambda entry: (entry.group.position, entry.position),
    )
    return [MenuItem(entry.label, entry.url_name, entry.group.label_for(role)) for entry in entries]


def menu_for(membership) -> list[tuple[str, str]]:
    """(label, url name) of the entries the membership's role sees, in menu order."""
    return [(item.label, item.url_name) for item in menu_items_for(membership)]
