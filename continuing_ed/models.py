"""Continuing education (继续教育): credit hours a person earns each year, the courses that
credit them, and the exam results some series ask for before declaring."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from titles.models import ExamKind

# One decimal place: hours come in halves and tenths (89.5 must be exact), never in floats.
HOURS_MAX_DIGITS = 5
HOURS_DECIMAL_PLACES = 1


class SubjectKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional subjects")
    GENERAL = "general", _("General (public) subjects")


class ActivityKind(models.TextChoices):
    COURSE = "course", _("Course")
    TRAINING = "training", _("Training")
    ACADEMIC_EXCHANGE = "academic_exchange", _("Academic exchange")
    DEGREE_STUDY = "degree_study", _("Degree study")
    OTHER = "other", _("Other")


class ImportBatch(models.Model):
    """One accepted Excel import. A rejected file leaves no batch behind."""

    class Kind(models.TextChoices):
        HOURS = "hours", _("Credit hours")
        EXAMS = "exams", _("Exam results")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    row_count = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name}"


class Course(models.Model):
    """A course a provider offers. Completing it credits its hours to the person."""

    name = models.CharField(_("name"), max_length=200)
    provider_name = models.CharField(_("provider"), max_length=200)
    # Providers are often outside the organization tree (a university, a society); when one
    # inside it offers the course, its HR staff may certify completions.
    provider_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("provider organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    subject_kind = models.CharField(_("subject kind"), max_length=16, choices=SubjectKind.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=HOURS_MAX_DIGITS, decimal_places=HOURS_DECIMAL_PLACES
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_open = models.BooleanField(_("open for enrolment"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name


class CreditHourRecord(models.Model):
    """Hours from one course or activity, counted in one year. Only certified hours count
    towards the yearly requirement."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", pgettext_lazy("credit hours", "Claimed")
        CERTIFIED = "certified", pgettext_lazy("credit hours", "Certified")
        REJECTED = "rejected", pgettext_lazy("credit hours", "Rejected")

    class Source(models.TextChoices):
        CLAIM = "claim", _("Claimed by the person")
        ENROLMENT = "enrolment", _("Course completion")
        IMPORT = "import", _("Bulk import")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="credit_hour_records",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    activity = models.CharField(_("course or activity"), max_length=200)
    activity_kind = models.CharField(
        _("activity kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.COURSE
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    provider_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("provider organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_kind = models.CharField(_("subject kind"), max_length=16, choices=SubjectKind.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=HOURS_MAX_DIGITS, decimal_places=HOURS_DECIMAL_PLACES
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("completed on"))
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CLAIMED
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("certified or rejected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deciding_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("certified or rejected at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="hour_records"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("credit-hour record")
        verbose_name_plural = _("credit-hour records")
        ordering = ["-year", "-ended_on", "-pk"]
        indexes = [
            models.Index(fields=["person", "year", "status"]),
            # The claims waiting for certification, asked by every certifier's home page: few
            # at any time among all the certified hours.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="claimed"),
                name="credit_hours_claimed",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="unique_credit_hour_certificate",
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="credit_hours_positive"),
        ]

    def __str__(self):
        return f"{self.person} {self.year} {self.activity} ({self.hours})"


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    record = models.OneToOneField(
        CreditHourRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolment",
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="unique_enrolment")
        ]

    def __str__(self):
        return f"{self.person} · {self.course}"


class ExamResult(models.Model):
    """A result of the computer-application, foreign-language or professional-theory exam."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="exam_results",
    )
    kind = models.CharField(_("exam"), max_length=24, choices=ExamKind.choices)
    level = models.CharField(_("level or module"), max_length=64, blank=True)
    exam_date = models.DateField(_("exam date"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"))
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="exam_results"
    )

    class Meta:
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        ordering = ["-exam_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="unique_exam_certificate",
            )
        ]

    def __str__(self):
        return f"{self.person} {self.get_kind_display()} {self.exam_date}"


class ExamValidity(models.Model):
    """How long a passed exam counts for declarations in one series. Without a row, a
    passed result does not expire."""

    series = models.ForeignKey(
        "titles.Series",
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="exam_validities",
    )
    exam_kind = models.CharField(_("exam"), max_length=24, choices=ExamKind.choices)
    validity_years = models.PositiveSmallIntegerField(
        _("valid for years"),
        null=True,
        blank=True,
        help_text=_("Leave empty when a passed result never expires."),
    )

    class Meta:
        verbose_name = _("exam validity")
        verbose_name_plural = _("exam validities")
        ordering = ["series", "exam_kind"]
        constraints = [
            models.UniqueConstraint(fields=["series", "exam_kind"], name="unique_exam_validity")
        ]

    def __str__(self):
        return f"{self.series} · {self.get_exam_kind_display()}"
