"""The menu of each role. Each app declares its own entries in its `menu.py` (found at
start-up by core/apps.py), each with the roles that see it and its position in the menu:

    menu_entry(_("Post quotas"), "quotas:overview", roles=(Role.HR_BUREAU,), position=90)
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuEntry:
    label: str  # lazily translated
    url_name: str
    roles: tuple[str, ...]
    position: int


_ENTRIES: dict[str, MenuEntry] = {}


def menu_entry(label, url_name: str, *, roles, position: int) -> None:
    """Add the page `url_name` to the menu of `roles`, at `position` (smaller comes first)."""
    if url_name in _ENTRIES and _ENTRIES[url_name].position != position:
        raise ValueError(f"menu entry {url_name!r} is declared twice")
    _ENTRIES[url_name] = MenuEntry(label, url_name, tuple(roles), position)


def menu_for(membership) -> list[tuple[str, str]]:
    """(label, url name) of the entries the membership's role sees, in menu order."""
    if membership is None:
        return []
    entries = sorted(_ENTRIES.values(), key=lambda entry: entry.position)
    return [(entry.label, entry.url_name) for entry in entries if membership.role in entry.roles]
