"""Notices as formal documents a person can keep or post: the office's one-time correction
notice (一次性告知书), the unit's publicity notice (单位内部公示) and the jury's result
publicity notice (评审结果公示). Each names its issuer, its period with both dates, the list
or the items, how to object or what to do, and whom to contact.

What the product does not store is taken from what exists: the issuer is the organization
(the unit, the plan's jury office); the contact is the one given when the publicity started,
or else the unit's HR staff (the jury office, for the result publicity); the way to object
is the publicity's page in the system, whose address is printed."""

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from applicants.models import CorrectionNotice, FormSection, UnitPublicity
from applicants.permissions import visible_declarations
from applicants.selectors import unit_publicity_notices
from core.documents import render_document_pdf
from documents.evaluation_form import named
from juries.models import ResultPublicity
from juries.selectors import public_publicities, publicized_candidates
from titles.working_days import describe_days_window, describe_window


def _absolute(path: str, base: str = "") -> str:
    return (base or settings.SITE_URL).rstrip("/") + path


# --- the one-time correction notice -------------------------------------------------------


def visible_correction_notices(user) -> QuerySet[CorrectionNotice]:
    return CorrectionNotice.objects.filter(
        declaration__in=visible_declarations(user).values("pk")
    ).select_related(
        "declaration__applicant",
        "declaration__employer",
        "declaration__plan__jury__office",
        "declaration__title",
        "declaration__specialty",
    )


def get_correction_notice(user, pk) -> CorrectionNotice:
    return get_object_or_404(visible_correction_notices(user), pk=pk)


def correction_notice_pdf(notice: CorrectionNotice) -> bytes:
    declaration = notice.declaration
    issued_on = timezone.localdate(notice.issued_at)
    items = [
        {
            "section": FormSection(item["section"]).label
            if item.get("section") in FormSection.values
            else "",
            "problem": item.get("problem", ""),
        }
        for item in notice.items or ()
    ]
    office = declaration.plan.jury.office.name if declaration.plan.jury else ""
    context = {
        "notice": notice,
        "declaration": declaration,
        "name": declaration.applicant.real_name,
        "title": named(declaration.title),
        "specialty": named(declaration.specialty),
        "issuer": office or declaration.plan.organizer.name,
        "issued_on": issued_on,
        "items": items,
        "deadline": notice.deadline,
        "window": describe_days_window(issued_on, notice.deadline),
        "address": _absolute(reverse("applicants:detail", args=[declaration.pk])),
    }
    return render_document_pdf(
        "documents/pdf/correction_notice.html",
        context,
        title=pgettext("document", "One-time correction notice"),
        author=context["issuer"],
    )


# --- the unit publicity -------------------------------------------------------------------


def unit_publicity_list(user, publicity: UnitPublicity) -> list[UnitPublicity]:
    """The unit's publicities of the same plan and period: one notice lists them together."""
    declaration = publicity.declaration
    return list(
        unit_publicity_notices(user)
        .filter(
            declaration__employer_id=declaration.employer_id,
            declaration__plan_id=declaration.plan_id,
            starts_on=publicity.starts_on,
            ends_on=publicity.ends_on,
        )
        .order_by("declaration__applicant__real_name", "pk")
    )


def unit_publicity_pdf(user, publicity: UnitPublicity) -> bytes:
    declaration = publicity.declaration
    entries = [
        {
            "name": entry.declaration.applicant.real_name,
            "title": named(entry.declaration.title),
            "specialty": named(entry.declaration.specialty),
            "channel": entry.declaration.get_channel_display(),
        }
        for entry in unit_publicity_list(user, publicity)
    ]
    context = {
        "issuer": declaration.employer.name,
        "plan": declaration.plan.name,
        "starts_on": publicity.starts_on,
        "ends_on": publicity.ends_on,
        "window": describe_window(publicity.starts_on, publicity.ends_on, publicity.working_days),
        "entries": entries,
        "contact": publicity.contact,
        "address": _absolute(reverse("applicants:publicity-detail", args=[publicity.pk])),
        "issued_on": timezone.localdate(publicity.started_at),
    }
    return render_document_pdf(
        "documents/pdf/unit_publicity_notice.html",
        context,
        title=_("Unit publicity notice"),
        author=context["issuer"],
    )


# --- the result publicity -----------------------------------------------------------------


def get_result_publicity(public_id) -> ResultPublicity:
    """A publicity the public page shows (juries/selectors.py public_publicities)."""
    return get_object_or_404(
        public_publicities().select_related("meeting__jury__office"), public_id=public_id
    )


def result_publicity_pdf(publicity: ResultPublicity) -> bytes:
    meeting = publicity.meeting
    jury = meeting.jury
    entries = [
        {
            "name": candidate.declaration.applicant.real_name,
            "unit": candidate.declaration.employer.name,
            "title": named(candidate.declaration.title),
            "specialty": named(candidate.declaration.specialty),
            "overturned": candidate.overturned_at is not None,
        }
        for candidate in publicized_candidates(publicity)
    ]
    issuer = jury.office.name if jury.office_id else jury.name
    context = {
        "publicity": publicity,
        "issuer": issuer,
        "jury": jury.name,
        "meeting": meeting.name,
        "held_on": meeting.held_on,
        "starts_on": publicity.starts_on,
        "ends_on": publicity.ends_on,
        "window": describe_days_window(publicity.starts_on, publicity.ends_on),
        "entries": entries,
        "contact": publicity.contact or issuer,
        "address": _absolute(
            reverse("juries:public_detail", kwargs={"public_id": publicity.public_id}),
            settings.PUBLIC_BASE_URL,
        ),
        "issued_on": timezone.localdate(publicity.published_at),
    }
    return render_document_pdf(
        "documents/pdf/result_publicity_notice.html",
        context,
        title=_("Result publicity notice"),
        author=issuer,
    )
