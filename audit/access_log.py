"""Recording who saw whose personal data. Called by every view that shows a person's data to
someone else; one INSERT however many people an export holds."""

from collections.abc import Iterable

from django.utils import timezone

from audit.models import PersonalDataAccess

Kind = PersonalDataAccess.Kind
BATCH_SIZE = 2000


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
