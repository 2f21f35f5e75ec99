"""The stored codes of the product's choices ("diploma", "annual_assessment", "claimed"…) and
their labels, so that a page never shows a code where a person expects words. One registry:
every `TextChoices` the project defines, found by walking its subclasses after the apps load."""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import pgettext


def _project_module(module: str) -> bool:
    return module.split(".")[0] in _project_packages()


@cache
def _project_packages() -> frozenset[str]:
    return frozenset(
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if str(config.path).startswith(str(settings.BASE_DIR)) and ".venv" not in str(config.path)
    )


def _choice_classes():
    pending = list(models.TextChoices.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if _project_module(cls.__module__):
            yield cls


@cache
def choice_labels() -> dict[str, object]:
    """Code → lazy label, over every choice the project defines. Where two enums share a code
    the first found wins: both label the same idea closely enough for free text."""
    labels: dict[str, object] = {}
    for cls in _choice_classes():
        for member in cls:
            labels.setdefault(str(member.value), member.label)
    return labels


def shown_code(value):
    """A value as a page shows it: a choice code by its label, a list item by item."""
    if isinstance(value, list | tuple):
        if not value:
            return "—"
        return pgettext("list separator", ", ").join(str(shown_code(item)) for item in value)
    if isinstance(value, str) and value in choice_labels():
        return str(choice_labels()[value])
    return value
