"""Rules that later stages hold about a plan, asked by `validate_plan` without titles knowing
those stages: the juries app registers whether the plan's jury may review it
(juries/plan_checks.py). A check answers {field: [problems]}, empty when the plan is fine."""

from collections.abc import Callable

PlanCheck = Callable[..., dict[str, list[str]]]
_CHECKS: list[PlanCheck] = []


def plan_check(check: PlanCheck) -> PlanCheck:
    """Register `check(plan, titles)`; used as a decorator in the registering app's module,
    imported from its AppConfig.ready()."""
    _CHECKS.append(check)
    return check


def registered_problems(plan, titles) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for check in _CHECKS:
        for field, messages in check(plan, titles).items():
            problems.setdefault(field, []).extend(messages)
    return problems
