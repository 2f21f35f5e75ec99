"""Experts' access to the files of a meeting's candidates, held as object grants
(django-guardian, `juries.ReviewFileGrant`) so that `user.has_perm(REVIEW_FILES, candidate)`
(juries/permissions.py) answers truthfully wherever it is asked: the pages, the API and the
templates read the grants (juries/selectors.py `review_candidates`), and nothing else opens a
candidate's declaration or proof files to an expert.

The window runs from the panel's sealing to the meeting's close:
- granted when an expert drawn onto the sealed panel for a review group signs the
  review-discipline commitment (`sign_commitment`): on every candidate of their group they
  are not recused from;
- revoked on one candidate when the expert is recused from it, by the office or on their own
  declared interest (conflicts found by the draw are recused before any grant exists);
- revoked on the whole meeting when they decline the seat, and on every meeting when the
  office removes them from the library;
- revoked for everyone when the ballot closes (`close_ballot`): the deliberation is over, and
  the files close whatever happens next (confirmation, publicity, filing, certificates).

These helpers run inside the calling service's transaction."""

from django.contrib.auth.models import Permission

from juries.models import Candidate, PanelSeat, ReviewFileGrant
from juries.permissions import REVIEW_CODENAME


def _permission() -> Permission:
    return Permission.objects.get(content_type__app_label="juries", codename=REVIEW_CODENAME)


def grant_group_files(seat: PanelSeat) -> int:
    """Open the files of the seat's review group to its expert, minus their recusals."""
    if (
        seat.group_id is None
        or seat.status != PanelSeat.Status.ACCEPTED
        or not seat.expert.is_active  # removed from the library
    ):
        return 0
    candidates = Candidate.objects.filter(group_id=seat.group_id).exclude(
        recusals__expert_id=seat.expert_id
    )
    user_id = seat.expert.user_id
    permission = _permission()
    grants = ReviewFileGrant.objects.bulk_create(
        [
            ReviewFileGrant(user_id=user_id, permission=permission, content_object_id=pk)
            for pk in candidates.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )
    return len(grants)


def revoke_candidate_files(*, expert, candidate) -> int:
    """The expert no longer opens this candidate's files (recusal)."""
    deleted, _ = ReviewFileGrant.objects.filter(
        user_id=expert.user_id, content_object=candidate
    ).delete()
    return deleted


def revoke_seat_files(seat: PanelSeat) -> int:
    """The expert no longer opens any file of the seat's meeting (the seat was declined)."""
    deleted, _ = ReviewFileGrant.objects.filter(
        user_id=seat.expert.user_id, content_object__meeting_id=seat.meeting_id
    ).delete()
    return deleted


def revoke_expert_files(expert) -> int:
    """The expert no longer opens any file of the jury's meetings (removed from the library)."""
    deleted, _ = ReviewFileGrant.objects.filter(
        user_id=expert.user_id, content_object__meeting__jury_id=expert.jury_id
    ).delete()
    return deleted


def revoke_meeting_files(meeting) -> int:
    """Nobody opens the meeting's files any more (the meeting has closed)."""
    deleted, _ = ReviewFileGrant.objects.filter(content_object__meeting_id=meeting.pk).delete()
    return deleted
