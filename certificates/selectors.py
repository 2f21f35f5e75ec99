"""Reads for filings and certificates, scoped to what the reader may see (a stranger gets
404), and the batch's progress."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from accounts.selectors import active_memberships
from applicants.models import Declaration
from certificates.models import (
    Certificate,
    Filing,
    FilingEntry,
    IssueFailure,
    VerificationLog,
)
from core.encrypted_fields import matching
from core.masking import mask_id_number
from juries.models import Candidate, Objection, ResultPublicity, ReviewMeeting
from titles.working_days import UnknownCalendarYear, window

S = Declaration.Status


# --- filings ------------------------------------------------------------------------------


def _filing_filter(user) -> Q | None:
    if user.is_superuser:
        return None
    condition = Q(pk__in=[])
    for membership in active_memberships(user):
        organization = membership.organization
        if membership.role == Role.JURY_OFFICE:
            condition |= Q(meeting__jury__office_id=organization.pk)
        elif membership.role in (Role.HR_BUREAU, Role.ADMIN):
            condition |= Q(meeting__plan__organizer__path__startswith=organization.path)
    return condition


def visible_filings(user) -> QuerySet[Filing]:
    filings = (
        Filing.objects.select_related(
            "meeting__jury", "meeting__plan", "submitted_by", "decided_by", "issuing_authority"
        )
        .annotate(entry_count=Count("entries", distinct=True))
        .order_by("-submitted_at", "-pk")
    )
    if not user.is_authenticated:
        return filings.none()
    condition = _filing_filter(user)
    return filings if condition is None else filings.filter(condition)


def filing_entries(filing: Filing) -> QuerySet[FilingEntry]:
    return (
        FilingEntry.objects.filter(filing=filing)
        .select_related(
            "declaration__applicant",
            "declaration__employer",
            "declaration__title",
            "declaration__specialty",
            "declaration__certificate",
        )
        .order_by("declaration_id")
    )


@dataclass(frozen=True)
class Progress:
    total: int
    done: int  # certificates issued with their PDF
    failed: int
    started: bool

    @property
    def pending(self) -> int:
        return max(self.total - self.done - self.failed, 0)

    @property
    def finished(self) -> bool:
        return self.started and self.pending == 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def as_dict(self) -> dict:
        """What the page's poll and the API answer."""
        return {
            "total": self.total,
            "done": self.done,
            "failed": self.failed,
            "pending": self.pending,
            "finished": self.finished,
            "percent": self.percent,
        }


def filing_progress(filing: Filing) -> Progress:
    total = FilingEntry.objects.filter(filing=filing).count()
    done = Certificate.objects.filter(filing=filing).exclude(pdf="").count()
    failed = IssueFailure.objects.filter(filing=filing).count()
    return Progress(
        total=total, done=done, failed=failed, started=filing.issue_started_at is not None
    )


def pending_declaration_ids(filing: Filing) -> list[int]:
    """The filing's declarations still without a certificate, or without its PDF, by title
    and specialty: a chunk then holds one or two of them, and its certificates share most of
    their printed page (certificates/rendering.py lays that part out once per chunk)."""
    finished = Certificate.objects.filter(declaration_id=OuterRef("declaration_id")).exclude(pdf="")
    return list(
        FilingEntry.objects.filter(filing=filing)
        .exclude(Exists(finished))
        .order_by("declaration__title_id", "declaration__specialty_id", "declaration_id")
        .values_list("declaration_id", flat=True)
    )


def issue_failures(filing: Filing) -> QuerySet[IssueFailure]:
    return IssueFailure.objects.filter(filing=filing).select_related("declaration__applicant")


# --- what may be filed --------------------------------------------------------------------


def declarations_ready_for_filing(
    meeting: ReviewMeeting, *, except_filing=None
) -> QuerySet[Declaration]:
    """The meeting's results that may be filed: publicized, the publicity over, marked ready
    by the office, no objection still open, and not already in a live filing (other than
    `except_filing`, when the bureau checks a filing before approving it)."""
    publicity = ResultPublicity.objects.filter(meeting=meeting).first()
    if publicity is None or publicity.ends_on >= timezone.localdate():
        return Declaration.objects.none()
    ready = Candidate.objects.filter(
        meeting=meeting,
        declaration_id=OuterRef("pk"),
        ready_for_filing_at__isnull=False,
        overturned_at__isnull=True,
    )
    open_objection = Objection.objects.filter(
        candidate__meeting=meeting,
        candidate__declaration_id=OuterRef("pk"),
        status=Objection.Status.OPEN,
    )
    return (
        Declaration.objects.filter(Exists(ready), status=S.IN_RESULT_PUBLICITY)
        .exclude(Exists(open_objection))
        .exclude(Exists(_in_live_filing(except_filing)))
        .order_by("pk")
    )


def _in_live_filing(except_filing=None):
    entries = FilingEntry.objects.filter(
        declaration_id=OuterRef("pk"), filing__status__in=Filing.ACTIVE_STATES
    )
    return entries.exclude(filing=except_filing) if except_filing is not None else entries


@dataclass(frozen=True)
class Readiness:
    declaration: Declaration
    ready: bool
    reason: str


def filing_readiness(meeting: ReviewMeeting) -> list[Readiness]:
    """Every candidate of the meeting who passed, and why they can or cannot be filed."""
    publicity = ResultPublicity.objects.filter(meeting=meeting).first()
    today = timezone.localdate()
    candidates = (
        Candidate.objects.filter(meeting=meeting, outcome=Candidate.Outcome.PASSED)
        .select_related("declaration__applicant", "declaration__title", "declaration__employer")
        .annotate(
            open_objections=Count(
                "objections", filter=Q(objections__status=Objection.Status.OPEN), distinct=True
            ),
            in_filing=Exists(
                FilingEntry.objects.filter(
                    declaration_id=OuterRef("declaration_id"),
                    filing__status__in=Filing.ACTIVE_STATES,
                )
            ),
        )
        .order_by("declaration_id")
    )
    rows = []
    for candidate in candidates:
        declaration = candidate.declaration
        if candidate.in_filing:
            reason = _("Already in a filing.")
        elif publicity is None:
            reason = _("The result was never publicized.")
        elif publicity.ends_on >= today:
            reason = _("The publicity runs until %(date)s.") % {
                "date": date_format(publicity.ends_on)
            }
        elif candidate.open_objections:
            reason = _("An objection is still open.")
        elif declaration.status != S.IN_RESULT_PUBLICITY:
            reason = _("The declaration is “%(status)s”.") % {
                "status": declaration.get_status_display()
            }
        elif candidate.ready_for_filing_at is None or candidate.overturned_at is not None:
            reason = _("The office has not marked it ready for filing.")
        else:
            rows.append(Readiness(declaration, True, ""))
            continue
        rows.append(Readiness(declaration, False, reason))
    return rows


def meetings_awaiting_filing(user) -> QuerySet[ReviewMeeting]:
    """The meetings of the user's jury offices with results ready for filing."""
    offices = [m.organization_id for m in active_memberships(user) if m.role == Role.JURY_OFFICE]
    today = timezone.localdate()
    ready = Candidate.objects.filter(
        meeting_id=OuterRef("pk"),
        ready_for_filing_at__isnull=False,
        overturned_at__isnull=True,
        declaration__status=S.IN_RESULT_PUBLICITY,
    ).exclude(
        Exists(
            FilingEntry.objects.filter(
                declaration_id=OuterRef("declaration_id"),
                filing__status__in=Filing.ACTIVE_STATES,
            )
        )
    )
    return (
        ReviewMeeting.objects.filter(jury__office_id__in=offices, publicity__ends_on__lt=today)
        .filter(Exists(ready))
        .select_related("jury", "plan", "publicity")
        .order_by("-held_on", "-pk")
    )


def filing_due(publicity) -> date | None:
    """The last day to submit a publicity's results for filing: FILING_AFTER_PUBLICITY_
    WORKING_DAYS working days from the day after it ended (titles/working_days.py `window`).
    A deadline shown, not a refusal: late results must still be filed. None while the
    calendar does not know the year it reaches."""
    try:
        return window(
            publicity.ends_on + timedelta(days=1), settings.FILING_AFTER_PUBLICITY_WORKING_DAYS
        ).end
    except UnknownCalendarYear:
        return None


# --- certificates -------------------------------------------------------------------------


def _certificate_filter(user) -> Q | None:
    """Each role's part is a subquery of the few filings or declarations it covers, not a
    join: PostgreSQL then checks every certificate against a small hashed set, three times
    faster than joining 50,000 certificates through meetings and plans to count a page."""
    if user.is_superuser:
        return None
    condition = Q(holder_id=user.pk)
    for membership in active_memberships(user):
        organization = membership.organization
        if membership.role in (Role.HR_BUREAU, Role.ADMIN):
            filings = Filing.objects.filter(
                meeting__plan__organizer__path__startswith=organization.path
            )
            condition |= Q(filing__in=filings.values("pk"))
        elif membership.role == Role.JURY_OFFICE:
            filings = Filing.objects.filter(meeting__jury__office_id=organization.pk)
            condition |= Q(filing__in=filings.values("pk"))
        elif membership.role == Role.EMPLOYER_HR:
            declarations = Declaration.objects.filter(employer_id=organization.pk)
            condition |= Q(declaration__in=declarations.values("pk"))
    return condition


def visible_certificates(user) -> QuerySet[Certificate]:
    certificates = Certificate.objects.select_related("filing", "issuing_authority")
    if not user.is_authenticated:
        return certificates.none()
    condition = _certificate_filter(user)
    return certificates if condition is None else certificates.filter(condition)


def search_certificates(
    certificates: QuerySet[Certificate], *, query="", status="", year=None, id_number=""
):
    """`query` is part of a number, name or employer, sent in addresses; a whole ID number
    comes apart (`id_number`), from a POST, so that it never lands in an address or a log."""
    query = (query or "").strip()
    if query:
        certificates = certificates.filter(
            Q(number__icontains=query)
            | Q(holder_name__icontains=query)
            | Q(employer_name__icontains=query)
        )
    if id_number:
        certificates = certificates.filter(matching(Certificate, "id_number", id_number))
    if status in Certificate.Status.values:
        certificates = certificates.filter(status=status)
    if year:
        certificates = certificates.filter(year=year)
    return certificates


def searched_certificates(user, form) -> QuerySet[Certificate]:
    """The certificates `user` sees, narrowed by the list page's search form when it is valid:
    the page and its export job must list the same certificates."""
    certificates = visible_certificates(user)
    if not form.is_valid():
        return certificates
    search = form.cleaned_data
    return search_certificates(
        certificates, query=search["q"], status=search["status"], year=search["year"]
    )


def certificate_lookups(certificate: Certificate) -> QuerySet[VerificationLog]:
    return VerificationLog.objects.filter(certificate=certificate).select_related("user")


def lookup_organizations(lookups) -> dict[int, str]:
    """The organization each signed-in looker acted for, by user id, in one query."""
    user_ids = {lookup.user_id for lookup in lookups if lookup.user_id}
    names = {}
    for membership in _active_memberships_of(user_ids):
        names.setdefault(membership.user_id, membership.organization.name)
    return names


def _active_memberships_of(user_ids):
    if not user_ids:
        return []
    return (
        Membership.objects.filter(user_id__in=user_ids, is_active=True)
        .select_related("organization")
        .order_by("pk")
    )


def mask_ip_address(value: str | None) -> str:
    if not value:
        return ""
    if ":" in value:
        return ":".join(value.split(":")[:3]) + ":…"
    parts = value.split(".")
    return ".".join(parts[:3] + ["*"]) if len(parts) == 4 else value


def public_fields(certificate: Certificate) -> dict:
    """What the public verification shows: the certificate's own fields, ID masked."""
    fields = {name: getattr(certificate, name) for name in Certificate.PUBLIC_FIELDS}
    return {**fields, "id_number_masked": mask_id_number(certificate.id_number)}


def certificate_table(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """The rows of the certificate information table, with what the export needs."""
    return certificates.select_related("declaration").order_by("year", "authority_code", "sequence")


def with_whole_id_numbers(
    certificates: QuerySet[Certificate], whole: QuerySet[Certificate] | None
) -> QuerySet[Certificate]:
    """Each row marked `whole_id_number`: whether the table shows its holder's whole ID
    number, for the certificates among `whole` (None: none of them)."""
    if whole is None:
        return certificates.annotate(whole_id_number=Value(False))
    return certificates.annotate(whole_id_number=Exists(whole.filter(pk=OuterRef("pk"))))


def holders_shown_whole(certificates: QuerySet[Certificate]) -> list[int]:
    """The holders whose whole ID numbers a table of `with_whole_id_numbers` rows shows."""
    return list(
        certificates.filter(whole_id_number=True)
        .order_by()
        .values_list("holder_id", flat=True)
        .distinct()
    )
