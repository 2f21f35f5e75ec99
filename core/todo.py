"""Home pages are to-do lists. Each app registers providers for the roles it serves, in its
`todo.py` (found at start-up by core/apps.py); the home page shows what they return, most
urgent first."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

_PROVIDERS = defaultdict(list)


@dataclass(frozen=True)
class TodoItem:
    title: str  # already translated
    url: str
    count: int | None = None
    due: date | None = None  # the deadline; the page shows the working days left
    since: date | None = None  # when the work arrived, for oldest-first ordering


def todo_provider(*roles):
    """Register `func(membership) -> Iterable[TodoItem]` for the given roles."""

    def register(func):
        for role in roles:
            _PROVIDERS[role].append(func)
        return func

    return register


# How the days left to a due date are counted: calendar days, until the app that knows the
# working-day calendar (titles) says how in its home.py.
_DAY_COUNTER: list = [lambda due: (due - timezone.localdate()).days]


def count_days_left_with(counter) -> None:
    """Count the days left to a due date with `counter(due) -> int`."""
    _DAY_COUNTER[0] = counter


def days_left(due: date) -> int:
    """Days left until `due`; negative once it has passed."""
    return _DAY_COUNTER[0](due)


def todo_items(membership) -> list[TodoItem]:
    if membership is None:
        return []
    items = [item for provider in _PROVIDERS[membership.role] for item in provider(membership)]
    return sorted(items, key=lambda item: (item.due or date.max, item.since or date.max))
