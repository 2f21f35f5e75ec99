"""Juries and their expert libraries, review meetings with their panels, review groups,
assessments, secret ballots, minutes, result publicity with objections, and re-examination
requests (stages 5 and 6 of the pipeline)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from titles.models import Level


class Jury(models.Model):
    """A review jury (评审委员会) for one series, or one specialty of it, and a band of levels,
    established by an authorized body and approved by the HR bureau for a limited term."""

    name = models.CharField(_("name"), max_length=128)
    series = models.ForeignKey("titles.Series", on_delete=models.PROTECT, related_name="juries")
    specialty = models.ForeignKey(
        "titles.Specialty", null=True, blank=True, on_delete=models.PROTECT, related_name="juries"
    )
    min_level = models.PositiveSmallIntegerField(_("lowest level"), choices=Level.choices)
    max_level = models.PositiveSmallIntegerField(_("highest level"), choices=Level.choices)
    established_by = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("established by"),
        on_delete=models.PROTECT,
        related_name="established_juries",
    )
    office = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("jury office"),
        on_delete=models.PROTECT,
        related_name="juries",
    )
    approval_document_number = models.CharField(
        _("approval document number"), max_length=64, blank=True
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("juries")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None and self.valid_until is not None

    def is_valid_on(self, day) -> bool:
        """Approved and within its term on `day`: an expired jury may not meet."""
        return self.is_approved and self.approved_on <= day <= self.valid_until

    @property
    def is_senior(self) -> bool:
        return self.max_level >= Level.DEPUTY_SENIOR


class Expert(models.Model):
    """A member of a jury's expert library."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")

    jury = models.ForeignKey(Jury, on_delete=models.PROTECT, related_name="experts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_seats"
    )
    specialty = models.ForeignKey(
        "titles.Specialty", on_delete=models.PROTECT, related_name="experts"
    )
    title_level = models.PositiveSmallIntegerField(_("title level"), choices=Level.choices)
    employer = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="experts",
    )
    position = models.CharField(
        _("position"), max_length=12, choices=Position.choices, default=Position.MEMBER
    )
    term_starts = models.DateField(_("term starts"))
    term_ends = models.DateField(_("term ends"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["jury", "specialty", "user__real_name"]
        constraints = [models.UniqueConstraint(fields=["jury", "user"], name="unique_expert_seat")]

    def __str__(self):
        return f"{self.user} ({self.jury})"

    def serves_on(self, day) -> bool:
        return self.is_active and self.term_starts <= day <= self.term_ends


class ExpertInterest(models.Model):
    """An interest an expert declares: once for their whole term (a relative, a collaborator, a
    unit they are tied to), or during a meeting against one candidate, which recuses them."""

    class Relation(models.TextChoices):
        RELATIVE = "relative", _("Relative")
        COLLABORATOR = "collaborator", _("Collaborator or co-author")
        TEACHER_STUDENT = "teacher_student", _("Teacher or student")
        FORMER_EMPLOYER = "former_employer", _("Former or part-time employer")
        OTHER = "other", _("Other interest")

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="interests")
    meeting = models.ForeignKey(
        "ReviewMeeting", null=True, blank=True, on_delete=models.CASCADE, related_name="interests"
    )
    candidate = models.ForeignKey(
        "Candidate", null=True, blank=True, on_delete=models.CASCADE, related_name="interests"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    person_name = models.CharField(_("person's name"), max_length=64, blank=True)
    person_id_number = models.CharField(_("person's ID document number"), max_length=32, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declared interest")
        verbose_name_plural = _("declared interests")
        ordering = ["expert", "-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(person_name="")
                | Q(organization__isnull=False)
                | Q(candidate__isnull=False),
                name="interest_names_someone",
            )
        ]

    def __str__(self):
        return f"{self.expert}: {self.get_relation_display()}"


class ReviewMeeting(models.Model):
    """One sitting of a jury for a plan: applied for to the HR bureau with its roster, approved
    or returned, then its panel is drawn, the groups review, and the ballot is held."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        APPLIED = "applied", _("Applied for approval")
        RETURNED = "returned", _("Returned by the bureau")
        APPROVED = "approved", _("Approved")
        BALLOT_OPEN = "ballot_open", _("Ballot open")
        BALLOT_CLOSED = "ballot_closed", _("Ballot closed")
        CONFIRMED = "confirmed", _("Result confirmed")

    EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)

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

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATES


class ReviewGroup(models.Model):
    """A review group (评议组): the experts of one specialty who study its candidates' files."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="groups")
    specialty = models.ForeignKey("titles.Specialty", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("review group")
        verbose_name_plural = _("review groups")
        ordering = ["meeting", "specialty__code"]
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
    votes_yes = models.PositiveSmallIntegerField(_("yes"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("no"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), null=True, blank=True)
    # An objection upheld during the result publicity overturns a pass.
    overturned_at = models.DateTimeField(_("overturned at"), null=True, blank=True)
    overturn_reason = models.TextField(_("reason overturned"), blank=True)
    # Set when the result publicity ended without an open objection: filing may proceed.
    ready_for_filing_at = models.DateTimeField(_("ready for filing since"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["meeting", "group__specialty__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "declaration"], name="unique_candidate")
        ]

    def __str__(self):
        return str(self.declaration)

    @property
    def votes_blank(self):
        if self.voters is None:
            return None
        return self.voters - self.votes_yes - self.votes_no - self.votes_abstain


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
        ordering = ["meeting", "drawn_at", "pk"]

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
        ordering = ["meeting", "group__specialty__code", "pk"]
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
        ordering = ["candidate", "expert"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "candidate"], name="one_recusal_per_candidate"
            )
        ]

    def __str__(self):
        return f"{self.expert} ↛ {self.candidate}"


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
        ordering = ["candidate", "seat"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "candidate"], name="one_assessment_per_expert")
        ]

    def __str__(self):
        return f"{self.seat} → {self.candidate}"


class Ballot(models.Model):
    """The secret ballot of a meeting. Who has voted (BallotParticipation) and what was voted
    (Vote) are stored apart with nothing to join them on: random keys, no timestamps, and the
    votes are rewritten in shuffled order when the ballot closes."""

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
        YES = "yes", _("Yes")
        NO = "no", _("No")
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


class ResultPublicity(models.Model):
    """The public list of a meeting's passed candidates (评审结果公示), open for objections
    from `starts_on` to `ends_on`, both included."""

    meeting = models.OneToOneField(
        ReviewMeeting, on_delete=models.PROTECT, related_name="publicity"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    notice = models.TextField(_("notice"), blank=True)
    contact = models.CharField(_("contact for objections"), max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("result publicity")
        verbose_name_plural = _("result publicities")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return str(self.meeting)


class Objection(models.Model):
    """An objection (异议) anyone filed against a publicized candidate, and what the office
    found."""

    class Status(models.TextChoices):
        OPEN = "open", _("Under investigation")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    publicity = models.ForeignKey(
        ResultPublicity, on_delete=models.PROTECT, related_name="objections"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="objections")
    filer_name = models.CharField(_("your name"), max_length=64)
    filer_phone = models.CharField(_("phone"), max_length=20)
    filer_email = models.EmailField(_("e-mail"), blank=True)
    content = models.TextField(_("objection"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    finding = models.TextField(_("finding"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-filed_at", "-pk"]

    def __str__(self):
        return str(self.reference)


class ReexaminationRequest(models.Model):
    """An applicant's request for re-examination (复查) of their own result, and the answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="reexaminations"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("re-examination request")
        verbose_name_plural = _("re-examination requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.candidate}: {self.get_status_display()}"
