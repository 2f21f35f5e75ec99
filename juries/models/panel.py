"""The panel: random draws kept whole for replay, seats, and recusals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from juries.models.experts import Expert
from juries.models.meetings import Candidate, ReviewGroup, ReviewMeeting


class PanelDraw(models.Model):
    """One random draw, kept whole so that anyone may replay it: the seed, the inputs exactly
    as the algorithm saw them (pools of conflict-free expert ids, with every exclusion and its
    reason) and the result. Replaying `inputs` with `seed` must give `result` again."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Panel draw")
        REPLACEMENT = "replacement", _("Replacement draw")

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.PROTECT, related_name="draws")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    algorithm = models.CharField(_("algorithm"), max_length=32)
    seed = models.CharField(_("random seed"), max_length=64)
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("result"))
    replaced_seat = models.ForeignKey(
        "PanelSeat", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)

    class Meta:
        verbose_name = _("panel draw")
        verbose_name_plural = _("panel draws")
        ordering = ["meeting_id", "drawn_at", "pk"]

    def __str__(self):
        return f"{self.meeting} · {self.get_kind_display()}"


class PanelSeat(models.Model):
    """An expert on a meeting's panel. The list is sealed: only the office and the meeting's
    observer see it; each expert sees their own seat."""

    class Basis(models.TextChoices):
        GROUP = "group", _("Drawn for a review group")
        AT_LARGE = "at_large", _("Drawn for the panel")
        EX_OFFICIO = "ex_officio", _("Chair or vice-chair")
        REPLACEMENT = "replacement", _("Drawn as a replacement")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the commitment")
        ACCEPTED = "accepted", _("Commitment signed")
        DECLINED = "declined", _("Declined")

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.PROTECT, related_name="seats")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="seats")
    group = models.ForeignKey(
        ReviewGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    draw = models.ForeignKey(PanelDraw, on_delete=models.PROTECT, related_name="seats")
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    commitment_text = models.TextField(_("commitment signed"), blank=True)
    commitment_signed_at = models.DateTimeField(_("commitment signed at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=200, blank=True)
    attended = models.BooleanField(_("attending"), default=False)

    class Meta:
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        ordering = ["meeting_id", "group__specialty__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "expert"], name="one_seat_per_expert")
        ]

    def __str__(self):
        return str(self.expert)


class Recusal(models.Model):
    """An expert withdrawn (回避) from one candidate: they neither see the file nor vote."""

    class Reason(models.TextChoices):
        SAME_EMPLOYER = "same_employer", _("Same employer as the candidate")
        DECLARED_RELATION = "declared_relation", _("Declared relation or interest")
        APPLICANT_SELF = "applicant_self", _("The expert is the candidate")
        FOUND_BY_OFFICE = "found_by_office", _("Interest found by the office")

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="recusals")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        ordering = ["candidate_id", "expert"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "candidate"], name="one_recusal_per_candidate"
            )
        ]

    def __str__(self):
        return f"{self.expert} ↛ {self.candidate}"


class ReviewFileGrant(UserObjectPermissionBase):
    """An expert's object grant (django-guardian, in its direct foreign-key form) on one
    candidate: while it exists, `user.has_perm("juries.review_candidate", candidate)` is true
    and the expert opens the candidate's declaration and proof files. It is the only source of
    that access; juries/services/access.py grants it when an expert of a review group signs
    the commitment for the sealed panel, and revokes it on recusal, decline or removal from
    the library, and for everyone when the ballot closes."""

    content_object = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="file_grants"
    )

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("review-file grant")
        verbose_name_plural = _("review-file grants")

    def __str__(self):
        return f"{self.user_id} → {self.content_object_id}"
