"""Recording who was shown whole ID document numbers, and who exported whose data
(audit/access_log.py): one row per person, with the role it was done in."""

from collections.abc import Iterable
from dataclasses import dataclass

from accounts.models import Membership
from audit.access_log import Kind, record_data_access


@dataclass(frozen=True)
class _Acting:
    """What record_data_access reads of a request: who, in which role, on which page. For an
    API call signed in with a token (no role chosen) or a background job (no request)."""

    user: object
    membership: object
    path: str


def _as_acting(request, *, user=None, membership=None, path: str = ""):
    user = user if user is not None else getattr(request, "user", None)
    if membership is None:
        membership = getattr(request, "membership", None) if request is not None else None
    path = path or (request.path if request is not None else "")
    return _Acting(user=user, membership=membership, path=path)


def job_membership(job):
    """The role a background job was started in, for its record."""
    return Membership.objects.filter(
        user=job.requested_by, role=job.role, organization=job.organization
    ).first()


def record_id_number_shown(request, *, subject_id: int, item: str, membership=None) -> int:
    """Record that the requester saw `subject_id`'s whole ID number, acting in `membership`
    (the request's role when not given). The person's own number is not recorded."""
    return record_data_access(
        _as_acting(request, membership=membership),
        subject_ids=[subject_id],
        kind=Kind.ID_NUMBER,
        item=item,
    )


def record_export(
    *,
    user,
    membership,
    subject_ids: Iterable[int],
    item: str,
    whole_id_numbers: bool,
    path: str = "",
    request=None,
) -> int:
    """Record, in one batch, that `user` exported the data of `subject_ids` (every export of
    people's data, masked or not; the item says when it held whole ID numbers)."""
    return record_data_access(
        _as_acting(request, user=user, membership=membership, path=path),
        subject_ids=subject_ids,
        kind=Kind.EXPORT,
        item=f"{item} (whole ID numbers)" if whole_id_numbers else item,
    )
