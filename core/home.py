"""The home page: what is waiting for the person in the role they act in (core/todo.py),
then the panels apps add to it. An app declares its panels in its `home.py` (found at
start-up by core/apps.py):

    @home_panel("titles/_home_plans.html", column="main", position=20)
    def current_plans(request):
        return {"plans": [...]}  # the panel's context, or None to leave it out
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.todo import days_left, todo_items

# TOP: above everything else, for the one step that starts a role's work (the applicant's
# "start a declaration" while a plan is open).
TOP, MAIN, SIDE = "top", "main", "side"


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable  # request -> dict, or None when the panel has nothing to show
    column: str
    position: int


_PANELS: dict[str, HomePanel] = {}


def home_panel(template: str, *, column: str = MAIN, position: int):
    """Show `template` on the home page, in `column`, with the decorated function's context."""
    if column not in (TOP, MAIN, SIDE):
        raise ValueError(f"unknown home page column {column!r}")

    def register(context: Callable) -> Callable:
        _PANELS[template] = HomePanel(template, context, column, position)
        return context

    return register


def _panels(request, column: str) -> list[dict]:
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda panel: panel.position):
        if panel.column != column:
            continue
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown


@login_required
def home(request):
    todo = []
    for item in todo_items(request.membership):
        left = days_left(item.due) if item.due else None
        overdue_by = -left if left is not None and left < 0 else 0
        todo.append({"item": item, "days_left": left, "overdue_by": overdue_by})
    return render(
        request,
        "core/home.html",
        {
            "todo": todo,
            "top_panels": _panels(request, TOP),
            "main_panels": _panels(request, MAIN),
            "side_panels": _panels(request, SIDE),
        },
    )
