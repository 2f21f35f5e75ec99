"""The meeting's documents as A4 PDFs (core/documents.py): the candidates' summary table
(landscape), the minutes as the chair confirmed them, and the supervision record.

The minutes are printed from the stored record (`Minutes.content`, with its digest), so the
document says exactly what the record says; the names of the experts it holds (attendance,
written opinions, recusals, the presiding chair) are left out: the panel stays sealed and
nothing printed ties an expert to a result. The supervision record is what the meeting
keeps of its supervision: the observer named by the bureau, the meeting's recorded
decisions and the figures of its panel and ballot, with room for the observer's opinion and
signature, since no opinion is stored. This module loads WeasyPrint: import it only where
PDFs are made."""

from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from audit.action_labels import action_label
from audit.models import AuditRecord
from audit.services import subject_key
from core.documents import render_document_pdf
from juries.ballot import has_quorum, quorum_needed, yes_needed
from juries.minutes import minutes_intact
from juries.models import PanelSeat, Recusal, ReviewMeeting
from juries.summary_table import summary_headers

SUMMARY_TEMPLATE = "juries/pdf/summary_table.html"
MINUTES_TEMPLATE = "juries/pdf/minutes.html"
SUPERVISION_TEMPLATE = "juries/pdf/supervision.html"


def _stored_day(value) -> date | None:
    return parse_date(value) if isinstance(value, str) else value


def _stored_moment(value) -> datetime | None:
    moment = parse_datetime(value) if isinstance(value, str) else value
    return timezone.localtime(moment) if moment else None


def summary_pdf(meeting: ReviewMeeting, rows, *, title: str) -> bytes:
    return render_document_pdf(
        SUMMARY_TEMPLATE,
        {
            "meeting": meeting,
            "heading": title,
            "headers": summary_headers(),
            "rows": rows,
            "printed_at": timezone.localtime(),
        },
        title=title,
        author=meeting.jury.name,
    )


def minutes_context(meeting: ReviewMeeting, record) -> dict:
    content = record.content
    seated = content["seated"]
    attending = len(content["attending"])
    candidates = [
        {
            **{
                key: candidate[key]
                for key in ("name", "employer", "title", "specialty", "group", "outcome")
            },
            **{key: candidate[key] for key in ("voters", "yes", "no", "abstain", "blank")},
            "needed": yes_needed(candidate["voters"] or 0),
            "recusals": len(candidate["recused"]),
        }
        for candidate in content["candidates"]
    ]
    return {
        "meeting": content["meeting"],
        "held_on": _stored_day(content["meeting"]["held_on"]),
        "seated": seated,
        "attending": attending,
        "absent": len(content["absent"]),
        "declined": len(content["declined"]),
        "quorum_needed": quorum_needed(seated),
        "quorum_reached": has_quorum(attending, seated),
        "candidates": candidates,
        "passed": sum(1 for candidate in candidates if candidate["outcome"] == "passed"),
        "ballot_opened_at": _stored_moment(content["ballot_opened_at"]),
        "ballot_closed_at": _stored_moment(content["ballot_closed_at"]),
        "confirmed_at": _stored_moment(content["confirmed_at"]),
        "digest": record.digest,
        "generated_at": timezone.localtime(record.generated_at),
        "intact": minutes_intact(record),
    }


def minutes_pdf(meeting: ReviewMeeting, record) -> bytes:
    return render_document_pdf(
        MINUTES_TEMPLATE,
        minutes_context(meeting, record),
        title=_("Minutes of %(meeting)s") % {"meeting": meeting.name},
        author=meeting.jury.name,
    )


def supervision_context(meeting: ReviewMeeting) -> dict:
    subject_type, subject_id = subject_key(meeting)
    decisions = [
        {"label": action_label(record.action), "at": timezone.localtime(record.created_at)}
        for record in AuditRecord.objects.filter(
            subject_type=subject_type, subject_id=subject_id
        ).order_by("pk")
    ]
    seats = meeting.seats.aggregate(
        drawn=Count("pk"),
        declined=Count("pk", filter=Q(status=PanelSeat.Status.DECLINED)),
        attending=Count("pk", filter=Q(status=PanelSeat.Status.ACCEPTED, attended=True)),
    )
    seated = seats["drawn"] - seats["declined"]
    ballot = getattr(meeting, "ballot", None)
    record = getattr(meeting, "minutes", None)
    return {
        "meeting": meeting,
        "observer": meeting.observer.real_name if meeting.observer else "",
        "decisions": decisions,
        "drawn": seats["drawn"],
        "declined": seats["declined"],
        "seated": seated,
        "attending": seats["attending"],
        "quorum_needed": quorum_needed(seated),
        "recusals": Recusal.objects.filter(candidate__meeting=meeting).count(),
        "candidates": meeting.candidates.count(),
        "ballot": ballot,
        "ballot_opened_at": timezone.localtime(ballot.opened_at) if ballot else None,
        "ballot_closed_at": timezone.localtime(ballot.closed_at)
        if ballot and ballot.closed_at
        else None,
        "minutes_digest": record.digest if record else "",
        "printed_at": timezone.localtime(),
    }


def supervision_pdf(meeting: ReviewMeeting) -> bytes:
    return render_document_pdf(
        SUPERVISION_TEMPLATE,
        supervision_context(meeting),
        title=_("Supervision record of %(meeting)s") % {"meeting": meeting.name},
        author=meeting.jury.name,
    )
