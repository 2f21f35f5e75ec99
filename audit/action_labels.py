"""The words for each decision the audit chain records ("recommend", "meeting.apply"...), so
that the audit-log screen never shows a stored code. Each app names its own decisions in its
`audit_actions.py` (found at start-up by core/apps.py):

    label_audit_actions({"certify_hours": _("Hours certified")})
"""

from collections.abc import Mapping

_LABELS: dict[str, object] = {}


def label_audit_actions(labels: Mapping[str, object]) -> None:
    _LABELS.update(labels)


def action_label(code: str) -> str:
    return str(_LABELS.get(code, code))


def labelled_actions() -> frozenset[str]:
    return frozenset(_LABELS)
