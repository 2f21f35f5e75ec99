"""Review meetings, their review groups and candidates (the roster with its tally)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from juries.models.experts import Jury


class ReviewMeeting(models.Model):
    """One sitting of a jury for a plan: applied for to the HR bureau with its roster, approved
    or returned, then its panel is drawn, the groups review, and the ballot is held. Its states
    and the moves between them are the table in juries/meeting_workflow.py."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        APPLIED = "applied", _("Applied for approval")
        RETURNED = "returned", _("Returned by the bureau")
        APPROVED = "approved", _("Approved")
        BALLOT_OPEN = "ballot_open", _("Ballot open")
        BALLOT_CLOSED = "ballot_closed", _("Ballot closed")
        CONFIRMED = "confirmed", _("Result confirmed")

    jury = models.ForeignKey(
        Jury, verbose_name=_("jury"), on_delete=models.PROTECT, related_name="meetings"
    )
    plan = models.ForeignKey(
        "titles.EvaluationPlan",
        verbose_name=_("evaluation plan"),
        on_delete=models.PROTECT,
        related_name="review_meetings",
    )
    name = models.CharField(_("name"), max_length=128)
    held_on = models.DateField(_("held on"))
    venue = models.CharField(_("venue"), max_length=128, blank=True)
    panel_size = models.PositiveSmallIntegerField(_("experts on the panel"))
    group_size = models.PositiveSmallIntegerField(_("experts per review group"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # The discipline-inspection supervisor (纪检监督) of this meeting, named by the bureau when it
    # approves: the only person besides the office who may see the sealed panel.
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising observer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observed_meetings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    drawn_at = models.DateTimeField(_("panel drawn at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("result confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.name


class ReviewGroup(models.Model):
    """A review group (评议组): the experts of one specialty who study its candidates' files."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="groups")
    specialty = models.ForeignKey("titles.Specialty", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("review group")
        verbose_name_plural = _("review groups")
        ordering = ["meeting_id", "specialty__code"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "specialty"], name="one_group_per_specialty")
        ]

    def __str__(self):
        return str(self.specialty)


class Candidate(models.Model):
    """A declaration on a meeting's roster, with its tally once the ballot has closed."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.PROTECT, related_name="candidates")
    declaration = models.ForeignKey(
        "applicants.Declaration", on_delete=models.PROTECT, related_name="jury_candidacies"
    )
    group = models.ForeignKey(
        ReviewGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.PENDING
    )
    # The tally, written when the ballot closes. `voters` is the denominator: the attending
    # experts entitled to vote on this candidate.
    voters = models.PositiveSmallIntegerField(_("entitled voters"), null=True, blank=True)
    votes_yes = models.PositiveSmallIntegerField(
        pgettext_lazy("vote", "yes"), null=True, blank=True
    )
    votes_no = models.PositiveSmallIntegerField(pgettext_lazy("vote", "no"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), null=True, blank=True)
    # An objection upheld during the result publicity overturns a pass.
    overturned_at = models.DateTimeField(_("overturned at"), null=True, blank=True)
    overturn_reason = models.TextField(_("reason overturned"), blank=True)
    # Set when the result publicity ended without an open objection: filing may proceed.
    ready_for_filing_at = models.DateTimeField(_("ready for filing since"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["meeting_id", "group__specialty__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "declaration"], name="unique_candidate")
        ]
        indexes = [
            # The office's results ready for filing (certificates.selectors) are found from the
            # few declarations in result publicity, not by reading every candidate ever held.
            models.Index(
                fields=["declaration", "meeting"],
                condition=models.Q(ready_for_filing_at__isnull=False, overturned_at__isnull=True),
                name="candidate_ready_for_filing",
            )
        ]
        # Held per object only (ReviewFileGrant), never as a model-wide permission.
        permissions = [
            ("review_candidate", "Open the declaration and proof files as a review-group expert")
        ]

    def __str__(self):
        return str(self.declaration)

    @property
    def votes_blank(self):
        if self.voters is None:
            return None
        return self.voters - self.votes_yes - self.votes_no - self.votes_abstain
