"""Bulk work on pages: the same service applied to each selected item, one transaction each,
so that one refusal leaves the others done and the page can say what became of every item."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ItemResult:
    item: Any
    done: bool
    message: str


def refusal_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or _("You may not do this.")
    return " ".join(str(text) for text in error.messages)


def run_each(
    items: Iterable, action: Callable[[Any], Any], *, success: str | Callable[[Any], str]
) -> list[ItemResult]:
    """`action(item)` for every item in its own transaction: a refusal (ValidationError or
    PermissionDenied) is that item's result and rolls back only that item."""
    results = []
    for item in items:
        try:
            with transaction.atomic():
                value = action(item)
        except (ValidationError, PermissionDenied) as error:
            results.append(ItemResult(item, False, refusal_text(error)))
        else:
            text = success(value) if callable(success) else success
            results.append(ItemResult(item, True, text))
    return results


def tally(results: list[ItemResult]) -> dict[str, int]:
    done = sum(1 for result in results if result.done)
    return {"done": done, "refused": len(results) - done}
