"""Recording who saw whose personal data. Called by every view that shows a person's data to
someone else; one INSERT however many people an export holds."""

import re
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import PersonalDataAccess

Kind = PersonalDataAccess.Kind
BATCH_SIZE = 2000

# What was seen is stored as the views write it, in English, so that an export of the log
# reads the same whoever made it; pages show it in the reader's language by these shapes.
# A shape's groups fill its label in order; the label's last %s takes what follows the match.
ITEM_SHAPES = [
    (re.compile(r"evaluation form of declaration #(\d+)"), _("evaluation form of declaration #%s")),
    (
        re.compile(r"correction notice of declaration #(\d+)"),
        _("correction notice of declaration #%s"),
    ),
    (
        re.compile(r"declaration list: search by whole ID number"),
        _("declaration list: search by whole ID number"),
    ),
    (re.compile(r"declaration #(\d+)"), _("declaration #%s")),
    (
        re.compile(r"summary table of meeting #(\d+) · group #(\d+)"),
        _("summary table of meeting #%s · review group #%s"),
    ),
    (re.compile(r"summary table of meeting #(\d+)"), _("summary table of meeting #%s")),
    (re.compile(r"minutes of meeting #(\d+)"), _("minutes of meeting #%s")),
    (re.compile(r"roster of plan (\d+), job (\d+)"), _("roster of plan #%s, job #%s")),
    (re.compile(r"roster of plan (\d+)"), _("roster of plan #%s")),
    (
        re.compile(r"certificate information table, job (\d+)"),
        _("certificate information table, job #%s"),
    ),
    (re.compile(r"certificate information table"), _("certificate information table")),
    (re.compile(r"certificate (\S+)"), _("certificate %s")),
    (re.compile(r"evaluation forms, job (\d+)"), _("evaluation forms, job #%s")),
]
WHOLE_ID_NUMBERS = " (whole ID numbers)"


def item_label(item: str) -> str:
    """What was seen, as the reader's language says it; an item of no known shape as stored."""
    whole = item.endswith(WHOLE_ID_NUMBERS)
    core = item.removesuffix(WHOLE_ID_NUMBERS)
    for pattern, label in ITEM_SHAPES:
        if match := pattern.match(core):
            text = str(label) % match.groups() + core[match.end() :]
            break
    else:
        return item
    return str(_("%s (whole ID numbers)")) % text if whole else text


def record_data_access(
    request, *, subject_ids: Iterable[int], kind: str, item: str = "", viewer=None
) -> int:
    """Record that the requesting user (or `viewer`, for work done in the background) saw the
    data of each person in `subject_ids`; a person looking at their own data is not
    recorded. Returns how many rows were written."""
    viewer = viewer if viewer is not None else getattr(request, "user", None)
    if viewer is not None and not viewer.is_authenticated:
        viewer = None
    membership = getattr(request, "membership", None) if request is not None else None
    now = timezone.now()
    common = {
        "at": now,
        "viewer": viewer,
        "viewer_role": membership.role if membership else "",
        "viewer_organization": str(membership.organization)[:128] if membership else "",
        "kind": kind,
        "item": item[:200],
        "page": (request.path if request is not None else "")[:200],
    }
    viewer_id = viewer.pk if viewer is not None else None
    rows = [
        PersonalDataAccess(subject_id=subject_id, **common)
        for subject_id in dict.fromkeys(subject_ids)
        if subject_id is not None and subject_id != viewer_id
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
