"""The meeting's documents for the jury office: the candidates' summary table (Excel, PDF) of
the meeting or of one review group, the minutes and the supervision record as PDFs. Whoever
may not have a document gets a 404; each download of candidates' data is recorded."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from audit.access_log import Kind, record_data_access
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from juries import permissions, selectors
from juries.models import ReviewMeeting
from juries.summary_table import summary_candidates, summary_rows, summary_title, summary_workbook


def _meeting(pk) -> ReviewMeeting:
    return get_object_or_404(
        ReviewMeeting.objects.select_related("jury__office", "plan", "observer"), pk=pk
    )


def _summary(request, pk):
    """The meeting, the group asked for (None: all) and the rows the reader may have: every
    candidate for the office and the bureau, an expert's own review files for an expert."""
    user = request.user
    meeting = selectors.visible_meetings(user).filter(pk=pk).first()
    if meeting is not None and permissions.may_download_summary(user, meeting):
        own_files = None
    else:
        meeting = _meeting(pk)
        own_files = selectors.review_candidates(user).filter(meeting_id=meeting.pk)
        if not own_files.exists():
            raise Http404
    group = None
    if request.GET.get("group"):
        try:
            group = meeting.groups.select_related("specialty").get(pk=int(request.GET["group"]))
        except (ValueError, meeting.groups.model.DoesNotExist):
            raise Http404 from None
    candidates = summary_candidates(meeting, group=group)
    if own_files is not None:
        candidates = candidates.filter(pk__in=own_files.values("pk"))
    rows = summary_rows(meeting, candidates)
    record_data_access(
        request,
        subject_ids=[row.applicant_id for row in rows],
        kind=Kind.EXPORT,
        item=f"summary table of meeting #{meeting.pk}" + (f" · group #{group.pk}" if group else ""),
    )
    suffix = f"-group-{group.pk}" if group else ""
    return meeting, rows, summary_title(meeting, group), f"summary-{meeting.pk}{suffix}"


@login_required
def summary_excel(request, pk):
    meeting, rows, title, name = _summary(request, pk)
    response = HttpResponse(
        summary_workbook(meeting, rows, title=title), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def summary_pdf(request, pk):
    # WeasyPrint loads only where PDFs are made.
    from core.documents import pdf_response
    from juries.meeting_documents import summary_pdf as render

    meeting, rows, title, name = _summary(request, pk)
    return pdf_response(render(meeting, rows, title=title), f"{name}.pdf")


@login_required
def minutes_pdf(request, pk):
    from core.documents import pdf_response
    from juries.meeting_documents import minutes_pdf as render

    meeting = _meeting(pk)
    record = getattr(meeting, "minutes", None)
    if record is None or not permissions.may_download_minutes(request.user, meeting):
        raise Http404
    record_data_access(
        request,
        subject_ids=meeting.candidates.values_list("declaration__applicant_id", flat=True),
        kind=Kind.EXPORT,
        item=f"minutes of meeting #{meeting.pk}",
    )
    return pdf_response(render(meeting, record), f"minutes-{meeting.pk}.pdf")


@login_required
def supervision_pdf(request, pk):
    from core.documents import pdf_response
    from juries.meeting_documents import supervision_pdf as render

    meeting = _meeting(pk)
    if meeting.observer_id is None or not permissions.may_download_supervision_record(
        request.user, meeting
    ):
        raise Http404
    return pdf_response(render(meeting), f"supervision-{meeting.pk}.pdf")
