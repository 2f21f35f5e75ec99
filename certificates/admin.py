from django.contrib import admin

from certificates.models import (
    Certificate,
    CertificateCounter,
    Filing,
    IssuingAuthority,
    VerificationLog,
)
from core.admin import ReadOnlyAdmin


@admin.register(IssuingAuthority)
class IssuingAuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "organization"]
    search_fields = ["code", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(CertificateCounter)
class CertificateCounterAdmin(ReadOnlyAdmin):
    """Numbers are handed out by the issuing transaction alone."""

    list_display = ["authority_code", "year", "last_sequence"]


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ["pk", "meeting", "status", "document_number", "document_date", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["document_number", "meeting__name"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "qualification_name", "status", "issued_on"]
    list_filter = ["status", "year", "authority_code"]
    search_fields = ["number", "holder_name", "employer_name"]


@admin.register(VerificationLog)
class VerificationLogAdmin(ReadOnlyAdmin):
    list_display = ["looked_up_at", "number", "result", "channel", "ip_address"]
    list_filter = ["result", "channel"]
    search_fields = ["number"]
