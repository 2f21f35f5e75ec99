from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """The five title levels, in order: a higher value is a higher level."""

    JUNIOR = 1, _("Junior")
    ASSISTANT = 2, _("Assistant")
    INTERMEDIATE = 3, _("Intermediate")
    DEPUTY_SENIOR = 4, _("Deputy senior")
    FULL_SENIOR = 5, _("Full senior")


class Education(models.IntegerChoices):
    """Education in order; a higher value meets any lower minimum."""

    NONE = 0, _("No formal requirement")
    SECONDARY = 1, _("Secondary school or technical secondary school")
    JUNIOR_COLLEGE = 2, _("Junior college")
    BACHELOR = 3, _("Bachelor's degree")
    MASTER = 4, _("Master's degree")
    DOCTORATE = 5, _("Doctorate")


class ExamKind(models.TextChoices):
    COMPUTER_APPLICATION = "computer_application", _("Computer application exam")
    FOREIGN_LANGUAGE = "foreign_language", _("Foreign language exam")
    PROFESSIONAL_THEORY = "professional_theory", _("Professional theory exam")


class MaterialType(models.TextChoices):
    DIPLOMA = "diploma", _("Diploma and degree certificates")
    CURRENT_TITLE = "current_title", _("Current title certificate")
    EMPLOYMENT = "employment", _("Employment record")
    ANNUAL_ASSESSMENT = "annual_assessment", _("Annual assessments")
    PAPER = "paper", _("Papers and publications")
    PERFORMANCE = "performance", _("Work performance")
    AWARD = "award", _("Awards and honours")
    RESEARCH = "research", _("Research results, projects and patents")
    CONTINUING_EDUCATION = "continuing_education", _("Continuing education certificates")
    OTHER = "other", _("Other")


class Series(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["code"]

    def __str__(self):
        return self.name_zh


class Specialty(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="specialties")
    code = models.CharField(_("code"), max_length=16)
    name_zh = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["series__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["series", "code"], name="unique_specialty_code")
        ]

    def __str__(self):
        return self.name_zh


class TitleName(models.Model):
    """A title is a series at a level, e.g. 高级工程师 = engineering × deputy senior."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="titles")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    name_zh = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128)
    # 以考代评: obtained by a unified national or provincial exam, never evaluated by a jury.
    by_examination = models.BooleanField(_("obtained by examination only"), default=False)

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["series__code", "level"]
        constraints = [
            models.UniqueConstraint(fields=["series", "level"], name="unique_title_per_level")
        ]

    def __str__(self):
        return self.name_zh


class EvaluationCondition(models.Model):
    """The evaluation conditions of one title, in force from `effective_year` until a later
    version replaces them."""

    title = models.ForeignKey(TitleName, on_delete=models.PROTECT, related_name="conditions")
    effective_year = models.PositiveSmallIntegerField(_("in force from plan year"))
    min_education = models.PositiveSmallIntegerField(
        _("minimum education"), choices=Education.choices, default=Education.NONE
    )
    years_since_current_title = models.PositiveSmallIntegerField(
        _("years since the current title"), default=0
    )
    professional_years = models.PositiveSmallIntegerField(
        _("years of professional work"), default=0
    )
    continuing_education_hours = models.PositiveSmallIntegerField(
        _("continuing-education hours a year"), default=90
    )
    required_exams = models.JSONField(_("required exams"), default=list, blank=True)
    required_material_types = models.JSONField(
        _("required material types"), default=list, blank=True
    )
    notes = models.TextField(_("other requirements"), blank=True)

    class Meta:
        verbose_name = _("evaluation condition")
        verbose_name_plural = _("evaluation conditions")
        ordering = ["title", "-effective_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "effective_year"], name="unique_condition_version"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.effective_year})"

    def clean(self):
        unknown_exams = set(self.required_exams) - set(ExamKind.values)
        if unknown_exams:
            raise ValidationError(
                {"required_exams": _("Unknown exam: %s") % ", ".join(sorted(unknown_exams))}
            )
        unknown_materials = set(self.required_material_types) - set(MaterialType.values)
        if unknown_materials:
            raise ValidationError(
                {
                    "required_material_types": _("Unknown material type: %s")
                    % ", ".join(sorted(unknown_materials))
                }
            )


class EvaluationPlan(models.Model):
    """An annual evaluation plan: which titles one organizing body evaluates this year, by
    which jury, and the stage windows."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for declarations")
        CLOSED = "closed", _("Declarations closed")
        FINISHED = "finished", _("Finished")

    year = models.PositiveSmallIntegerField(_("plan year"))
    name = models.CharField(_("name"), max_length=128)
    organizer = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organizing body"),
        on_delete=models.PROTECT,
        related_name="evaluation_plans",
    )
    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.PROTECT, related_name="plans"
    )
    titles = models.ManyToManyField(TitleName, verbose_name=_("titles"), related_name="plans")
    jury = models.ForeignKey(
        "juries.Jury",
        verbose_name=_("jury"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    declaration_opens = models.DateField(_("declaration opens"))
    declaration_closes = models.DateField(_("declaration closes"))
    unit_recommendation_deadline = models.DateField(_("unit recommendation deadline"))
    qualification_check_deadline = models.DateField(_("qualification check deadline"))
    achievement_cutoff = models.DateField(_("achievement cut-off date"))
    unit_publicity_working_days = models.PositiveSmallIntegerField(_("unit publicity"))
    result_publicity_working_days = models.PositiveSmallIntegerField(_("result publicity"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation plan")
        verbose_name_plural = _("evaluation plans")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if (
            self.declaration_opens
            and self.declaration_closes
            and self.declaration_closes < self.declaration_opens
        ):
            errors["declaration_closes"] = _("Declarations must close after they open.")
        if (
            self.declaration_closes
            and self.unit_recommendation_deadline
            and self.unit_recommendation_deadline < self.declaration_closes
        ):
            errors["unit_recommendation_deadline"] = _(
                "The unit recommendation deadline must come after declarations close."
            )
        if (
            self.unit_recommendation_deadline
            and self.qualification_check_deadline
            and self.qualification_check_deadline < self.unit_recommendation_deadline
        ):
            errors["qualification_check_deadline"] = _(
                "The qualification check deadline must come after the unit recommendation deadline."
            )
        if errors:
            raise ValidationError(errors)


class CalendarDay(models.Model):
    """An administrator's word on one date, for years the holiday package does not know yet
    or to correct it: a holiday, or a make-up working day on a weekend. Rows alone do not make
    a year known: its CalendarYear does, once the whole year is entered."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'+' if self.is_working_day else '-'} {self.note}"


class CalendarYear(models.Model):
    """A year whose holidays and make-up working days an administrator entered in full (from
    the State Council's notice), so that windows and deadlines may be counted in it although
    the holiday package does not cover it (titles/working_days.py `calendar_is_known`)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The State Council notice the days were taken from, e.g. its number."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("entered calendar year")
        verbose_name_plural = _("entered calendar years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)
