"""Declarations and everything attached to them: the applicant's form (work history, village
service, annual assessments, achievements), proof materials, the unit publicity with its
objections, the office's one-time correction notice, the findings as reported at each
submission and declaration bans. The audit chain is in audit/.

`Declaration.status` is written only by applicants/workflow.py."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choice_labels import ChoiceLabels
from titles.models import Education, Level, MaterialType


class Declaration(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the unit")
        IN_UNIT_PUBLICITY = "in_unit_publicity", _("In unit publicity")
        RECOMMENDED = "recommended", _("Recommended to the jury office")
        RETURNED = "returned", _("Returned for correction")
        DEPARTMENT_REVIEW = "department_review", _("Under competent-department review")
        QUALIFICATION_CHECK = "qualification_check", _("Under qualification check")
        CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
        QUALIFIED = "qualified", _("Qualified for review")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DEEMED_WITHDRAWN = "deemed_withdrawn", _("Deemed withdrawn")
        IN_REVIEW = "in_review", _("In jury review")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        IN_RESULT_PUBLICITY = "in_result_publicity", _("In result publicity")
        FILED = "filed", _("Filed")
        CERTIFIED = "certified", _("Certified")
        REVOKED = "revoked", _("Revoked")

    class Channel(models.TextChoices):
        REGULAR = "regular", _("Regular")
        FIRST_SECRETARY = "first_secretary", _("Village first secretary or work team")
        YOUTH_AID = "youth_aid", _("Youth aid talent")
        FARMER_HERDSMAN = "farmer_herdsman", _("Farmer or herdsman")
        HIGHLY_SKILLED = "highly_skilled", _("Highly skilled talent")
        CASE_BY_CASE = "case_by_case", _("Case-by-case evaluation")

    class SkillClass(models.TextChoices):
        """Technical-college classes, which count as the education given by `EQUIVALENT`."""

        NONE = "", _("None")
        INTERMEDIATE = "intermediate", _("Intermediate worker class")
        ADVANCED = "advanced", _("Advanced worker class")
        TECHNICIAN = "technician", _("Technician class")

    SKILL_CLASS_EDUCATION = {
        SkillClass.INTERMEDIATE: Education.SECONDARY,
        SkillClass.ADVANCED: Education.JUNIOR_COLLEGE,
        SkillClass.TECHNICIAN: Education.BACHELOR,
    }
    # The states in which the applicant may still change the form and its materials.
    EDITABLE_STATES = (Status.DRAFT, Status.RETURNED, Status.CORRECTION_REQUESTED)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    employer = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("declaring unit"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    plan = models.ForeignKey(
        "titles.EvaluationPlan",
        verbose_name=_("evaluation plan"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    title = models.ForeignKey(
        "titles.TitleName",
        verbose_name=_("title declared"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    specialty = models.ForeignKey(
        "titles.Specialty",
        verbose_name=_("specialty"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.REGULAR
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        editable=False,
    )

    education = models.PositiveSmallIntegerField(
        _("highest education"), choices=Education.choices, default=Education.NONE
    )
    field_of_study = models.CharField(_("field of study"), max_length=128, blank=True)
    work_started_on = models.DateField(_("started work on"), null=True, blank=True)
    current_title_level = models.PositiveSmallIntegerField(
        _("current title level"), choices=Level.choices, null=True, blank=True
    )
    current_title_name = models.CharField(_("current title"), max_length=64, blank=True)
    current_title_obtained_on = models.DateField(
        _("current title obtained on"), null=True, blank=True
    )
    professional_years = models.PositiveSmallIntegerField(
        _("years of professional work"), default=0
    )
    # Special channels.
    skill_class = models.CharField(
        _("technical-college class"),
        max_length=16,
        choices=SkillClass.choices,
        blank=True,
        default=SkillClass.NONE,
    )
    # The whole years in the village declared before village service was entered as dated
    # periods (VillageServicePeriod): kept to show what those declarations said, counted by no
    # rule (23 months could not be told from 24).
    village_service_years = models.PositiveSmallIntegerField(
        _("years in the village as declared before dated periods"), default=0, editable=False
    )
    serves_at_county_or_below = models.BooleanField(
        _("serves at or below county level"), default=False
    )
    # Declared by the applicant, checked by the unit: each one bars declaring.
    is_civil_servant = models.BooleanField(
        _("civil servant or staff of a unit managed as civil service"), default=False
    )
    is_retired = models.BooleanField(_("retired"), default=False)
    under_disciplinary_sanction = models.BooleanField(
        _("under an active disciplinary sanction"), default=False
    )
    # Private-enterprise staff whose personnel file is held elsewhere declare through their
    # unit only after SOCIAL_INSURANCE_MIN_MONTHS of social insurance there: the applicant says
    # where the file is; the unit states when its contributions began and certifies it by
    # recommending (applicants/eligibility_periods.py).
    personnel_file_elsewhere = models.BooleanField(
        _("works for a private enterprise and the personnel file is held elsewhere"),
        default=False,
    )
    social_insurance_since = models.DateField(
        _("social insurance at the unit since"), null=True, blank=True, editable=False
    )
    social_insurance_certified_at = models.DateTimeField(
        _("start of social insurance certified at"), null=True, blank=True, editable=False
    )
    social_insurance_certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("start of social insurance certified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    pledge_signed_at = models.DateTimeField(
        _("authenticity pledge signed at"), null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    unit_commitment_at = models.DateTimeField(
        _("unit authenticity commitment at"), null=True, blank=True, editable=False
    )
    unit_commitment_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    recommended_at = models.DateTimeField(
        _("recommended by the unit at"), null=True, blank=True, editable=False
    )
    # When it first reached the jury office; the office sees only what reached it.
    forwarded_to_office_at = models.DateTimeField(
        _("reached the jury office at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live declaration per person and plan; a withdrawn one may be followed by another.
            models.UniqueConstraint(
                fields=["applicant", "plan"],
                condition=~Q(status="withdrawn"),
                name="one_live_declaration_per_plan",
            )
        ]
        indexes = [
            models.Index(fields=["plan", "status"]),
            # The lists' order: a page of the newest is read from here, not sorted from all.
            models.Index(fields=["-updated_at", "-id"], name="declaration_recent_first"),
            # What reached a unit, and what reached a jury office: their lists count these and
            # pick their plans from the index alone (PostgreSQL's index-only scans), not from
            # the rows.
            models.Index(
                fields=["employer", "plan"],
                condition=Q(submitted_at__isnull=False),
                name="declaration_at_unit",
            ),
            models.Index(
                fields=["plan"],
                condition=Q(forwarded_to_office_at__isnull=False),
                name="declaration_at_office",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} · {self.title}"

    @property
    def current_materials(self) -> list["Material"]:
        """The materials in force, each type's latest version (from a prefetch when made)."""
        return [material for material in self.materials.all() if material.is_current]

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATES


class WorkHistoryEntry(models.Model):
    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="work_history"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    organization_name = models.CharField(_("organization"), max_length=128)
    position = models.CharField(_("position"), max_length=128, blank=True)
    duties = models.TextField(_("duties"), blank=True)

    class Meta:
        verbose_name = _("work history entry")
        verbose_name_plural = _("work history")
        ordering = ["declaration_id", "started_on", "pk"]

    def __str__(self):
        return f"{self.started_on} {self.organization_name}"


class VillageServicePeriod(models.Model):
    """A dated period in a village, for first secretaries and work-team members: the periods
    must follow one another without a day's gap and last more than
    FIRST_SECRETARY_MIN_VILLAGE_YEARS (applicants/eligibility_dates.py). No end date: still
    serving, counted to the plan's cut-off date."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="village_periods"
    )
    village = models.CharField(_("village"), max_length=128)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("village service period")
        verbose_name_plural = _("village service")
        ordering = ["declaration_id", "started_on", "pk"]

    def __str__(self):
        return f"{self.started_on} {self.village}"

    def clean(self):
        if self.ended_on is not None and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A period cannot end before it starts.")})


class AnnualAssessment(models.Model):
    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        COMPETENT = "competent", _("Competent")
        BASICALLY_COMPETENT = "basically_competent", _("Basically competent")
        INCOMPETENT = "incompetent", _("Incompetent")

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["declaration_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "year"], name="one_assessment_per_year")
        ]

    def __str__(self):
        return f"{self.year} {self.get_grade_display()}"


class Achievement(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper or publication")
        PROJECT = "project", _("Project")
        PATENT = "patent", _("Patent")
        AWARD = "award", _("Award")
        PERFORMANCE = "performance", _("Work performance")

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="achievements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("achievement", "title"), max_length=200)
    achieved_on = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["declaration_id", "achieved_on", "pk"]

    def __str__(self):
        return self.title


def material_upload_to(material, filename):
    """A generated name: the original one is kept in the row, never on disk."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"materials/{material.declaration_id}/{uuid.uuid4().hex}{suffix}"


class Material(models.Model):
    class Source(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        EMPLOYER = "employer", _("Employer")

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="materials")
    material_type = models.CharField(
        _("material type"), max_length=24, choices=MaterialType.choices
    )
    source = models.CharField(_("provided by"), max_length=12, choices=Source.choices)
    file = models.FileField(_("file"), upload_to=material_upload_to, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # A replaced or removed file stays, no longer current, so earlier versions can be shown.
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("proof material")
        verbose_name_plural = _("proof materials")
        ordering = ["declaration_id", "material_type", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["declaration", "is_current"])]

    def __str__(self):
        return self.original_name


class UnitPublicity(models.Model):
    """The unit's internal publicity of one declaration (单位内部公示), from the day after it
    starts for the plan's number of working days."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="publicities"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    # Whom the unit's members reach with an objection; the notice names the unit's HR staff
    # when it is empty.
    contact = models.CharField(_("contact for objections"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unit publicity")
        verbose_name_plural = _("unit publicities")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.declaration_id}: {self.starts_on} – {self.ends_on}"


class PublicityObjection(models.Model):
    publicity = models.ForeignKey(
        UnitPublicity, on_delete=models.PROTECT, related_name="objections"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("objection"))
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    resolution = models.TextField(_("resolution"), blank=True)
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("publicity objection")
        verbose_name_plural = _("publicity objections")
        ordering = ["raised_at", "pk"]

    def __str__(self):
        return self.content[:40]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class FormSection(models.TextChoices):
    """The parts of the declaration form a return or correction item can point at."""

    BASIC = "basic", _("Basic information and channel")
    EDUCATION = "education", _("Education")
    CURRENT_TITLE = "current_title", _("Current title")
    WORK_HISTORY = "work_history", _("Work history")
    ASSESSMENTS = "assessments", _("Annual assessments")
    ACHIEVEMENTS = "achievements", _("Achievements")
    MATERIALS = "materials", _("Proof materials")
    OTHER = "other", _("Other")


class CorrectionNotice(models.Model):
    """The office's one-time notice (一次性告知): every problem at once, and a deadline."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="correction_notices"
    )
    items = models.JSONField(_("problems"))  # [{"section": FormSection, "problem": str}]
    deadline = models.DateField(_("correct by"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    resubmitted_at = models.DateTimeField(_("resubmitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction notice")
        verbose_name_plural = _("correction notices")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return f"{self.declaration_id} → {self.deadline}"


class FindingsReport(models.Model):
    """The eligibility findings as they stood when the declaration was submitted or
    resubmitted, kept with the data they were computed from: what the applicant, the unit and
    the office saw then, whatever changes later (applicants/eligibility_reports.py). The
    findings keep their messages untranslated, so each reader reads them in their language;
    `sha256` is the digest of both, also written into the move's audit record."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="findings_reports"
    )
    move = models.CharField(_("move"), max_length=24)  # "submit", "resubmit"
    findings = models.JSONField(_("findings"), encoder=DjangoJSONEncoder)
    inputs = models.JSONField(_("data the findings were computed from"), encoder=DjangoJSONEncoder)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("findings report")
        verbose_name_plural = _("findings reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.declaration_id} {self.move} {self.created_at:%Y-%m-%d %H:%M}"


class DeclarationBan(models.Model):
    """A person barred from declaring, e.g. after a title revoked for fraud: no declaration in
    the plan years from the ban's year to FRAUD_BAN_YEARS after it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declaration_bans"
    )
    started_on = models.DateField(_("started on"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declaration ban")
        verbose_name_plural = _("declaration bans")
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return f"{self.person_id} {self.started_on}"
