"""Records change through the services (certification keeps who and when), so the admin shows
them read-only; exam validity is plain data an administrator maintains here."""

from django.contrib import admin

from accounts.models import User
from continuing_ed.models import (
    Course,
    CreditHourRecord,
    Enrolment,
    ExamResult,
    ExamValidity,
    ImportBatch,
)
from core.admin import ReadOnlyAdmin
from core.encrypted_fields import WholeValueSearchAdmin


@admin.register(CreditHourRecord)
class CreditHourRecordAdmin(WholeValueSearchAdmin, ReadOnlyAdmin):
    list_display = ["person", "year", "activity", "subject_kind", "hours", "status", "decided_by"]
    list_filter = ["status", "subject_kind", "source", "year"]
    search_fields = ["person__real_name", "activity", "certificate_number"]
    encrypted_search_fields = [("person__", User, "id_number")]  # typed whole
    list_select_related = ["person", "decided_by"]


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["name", "provider_name", "subject_kind", "hours", "starts_on", "is_open"]
    list_filter = ["subject_kind", "is_open"]
    search_fields = ["name", "provider_name"]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["course", "person", "enrolled_at", "completed_on"]
    list_select_related = ["course", "person"]


@admin.register(ExamResult)
class ExamResultAdmin(WholeValueSearchAdmin, ReadOnlyAdmin):
    list_display = ["person", "kind", "level", "exam_date", "score", "passed"]
    list_filter = ["kind", "passed"]
    search_fields = ["person__real_name", "certificate_number"]
    encrypted_search_fields = [("person__", User, "id_number")]  # typed whole
    list_select_related = ["person"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "file_name", "row_count", "uploaded_by"]
    list_filter = ["kind"]


@admin.register(ExamValidity)
class ExamValidityAdmin(admin.ModelAdmin):
    list_display = ["series", "exam_kind", "validity_years"]
    list_filter = ["exam_kind"]
