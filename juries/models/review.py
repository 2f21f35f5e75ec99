"""The review: assessments, the secret ballot (who voted and what was voted, kept apart), and
the minutes."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from juries.models.meetings import Candidate, ReviewMeeting
from juries.models.panel import PanelSeat


class Assessment(models.Model):
    """One group expert's written opinion and rubric scores for one candidate."""

    seat = models.ForeignKey(PanelSeat, on_delete=models.PROTECT, related_name="assessments")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="assessments")
    opinion = models.TextField(_("written opinion"))
    # {rubric item code: score as a decimal string}
    scores = models.JSONField(_("scores"), default=dict)
    total = models.DecimalField(_("weighted total"), max_digits=6, decimal_places=2)
    defense_score = models.DecimalField(
        _("defense score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["candidate_id", "seat"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "candidate"], name="one_assessment_per_expert")
        ]

    def __str__(self):
        return f"{self.seat} → {self.candidate}"


class Ballot(models.Model):
    """The secret ballot of a meeting. Who has voted (BallotParticipation) and what was voted
    (Vote) are stored apart with nothing to join them on: random keys, no timestamps, and
    every paper, then the close, writes all the ballot's votes anew in a shuffled order, so
    that neither the rows' transaction ids nor their physical order follow the voters
    (juries/services/review.py explains it)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    meeting = models.OneToOneField(ReviewMeeting, on_delete=models.PROTECT, related_name="ballot")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    seated = models.PositiveSmallIntegerField(_("panel members"))
    attending = models.PositiveSmallIntegerField(_("attending experts"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return str(self.meeting)


class BallotParticipation(models.Model):
    """That an expert has voted on a candidate, and nothing about how."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="participations")
    seat = models.ForeignKey(PanelSeat, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ballot participation")
        verbose_name_plural = _("ballot participations")
        constraints = [
            models.UniqueConstraint(
                fields=["seat", "candidate"], name="one_vote_per_expert_and_candidate"
            )
        ]

    def __str__(self):
        return str(self.pk)


class Vote(models.Model):
    """What was voted on a candidate, and nothing about by whom."""

    class Choice(models.TextChoices):
        YES = "yes", pgettext_lazy("vote", "Yes")
        NO = "no", pgettext_lazy("vote", "No")
        ABSTAIN = "abstain", _("Abstain")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="votes")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self):
        return str(self.pk)


class Minutes(models.Model):
    """The minutes of a meeting, generated when the chair confirms the result and kept as
    they were: attendance, candidates, opinions and counts. `digest` is the SHA-256 of
    `content`, so a later edit shows."""

    meeting = models.OneToOneField(ReviewMeeting, on_delete=models.PROTECT, related_name="minutes")
    content = models.JSONField(_("content"))
    digest = models.CharField(_("SHA-256 digest"), max_length=64)
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return str(self.meeting)
