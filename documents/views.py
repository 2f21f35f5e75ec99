"""The documents' pages: each answers a PDF (core/documents.py), or starts a batch job."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from applicants.selectors import get_unit_publicity
from audit.access_log import Kind, record_data_access
from core.documents import pdf_response
from documents import batches, notices
from documents.evaluation_form import get_evaluation_form_declaration, render_evaluation_forms
from jobs.views import export_page

JOB_KIND = "documents.evaluation_forms"


def evaluation_form_answer(request, pk):
    """The form as a PDF, for the page and the API alike; another person's is recorded."""
    declaration = get_evaluation_form_declaration(request.user, pk)
    record_data_access(
        request,
        subject_ids=[declaration.applicant_id],
        kind=Kind.DECLARATION,
        item=f"evaluation form of declaration #{declaration.pk}",
    )
    own = declaration.applicant_id == request.user.pk
    content = render_evaluation_forms([declaration], whole_id_numbers=own)
    return pdf_response(content, f"evaluation-form-{declaration.pk}.pdf")


@require_GET
@login_required
def evaluation_form(request, pk):
    return evaluation_form_answer(request, pk)


@require_GET
@login_required
def evaluation_forms(request):
    """The batches the acting role may print."""
    membership = request.membership
    return render(
        request,
        "documents/evaluation_forms.html",
        {
            "plans": batches.unit_plans(membership),
            "meetings": batches.batch_meetings(request.user, membership),
        },
    )


@login_required
def unit_forms(request, plan_id):
    plan = get_object_or_404(batches.unit_plans(request.membership), pk=plan_id)
    return export_page(
        request,
        JOB_KIND,
        membership=request.membership,
        params={"scope": "unit", "plan": plan.pk},
        context={"subject": f"{request.membership.organization.name} · {plan.name}"},
    )


@login_required
def meeting_forms(request, meeting_id):
    meeting = get_object_or_404(
        batches.batch_meetings(request.user, request.membership), pk=meeting_id
    )
    return export_page(
        request,
        JOB_KIND,
        membership=request.membership,
        params={"scope": "meeting", "meeting": meeting.pk},
        context={"subject": meeting.name},
    )


@require_GET
@login_required
def correction_notice(request, pk):
    notice = notices.get_correction_notice(request.user, pk)
    record_data_access(
        request,
        subject_ids=[notice.declaration.applicant_id],
        kind=Kind.DECLARATION,
        item=f"correction notice of declaration #{notice.declaration_id}",
    )
    return pdf_response(
        notices.correction_notice_pdf(notice), f"correction-notice-{notice.declaration_id}.pdf"
    )


@require_GET
@login_required
def unit_publicity_notice(request, pk):
    publicity = get_unit_publicity(request.user, pk)
    return pdf_response(
        notices.unit_publicity_pdf(request.user, publicity), f"unit-publicity-{publicity.pk}.pdf"
    )


@require_GET
def result_publicity_notice(request, public_id):
    """Public, like the publicity's page."""
    publicity = notices.get_result_publicity(public_id)
    return pdf_response(
        notices.result_publicity_pdf(publicity), f"result-publicity-{publicity.meeting_id}.pdf"
    )
