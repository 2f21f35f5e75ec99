"""Background jobs of documents: the evaluation forms of a unit's declarations in a plan, or
of a review meeting's candidates, as one PDF (documents/batches.py decides which)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.id_number_access import job_membership, record_export
from documents import batches
from documents.evaluation_form import render_evaluation_forms
from jobs.registry import EXPORT, JobRejected, register
from jobs.services import attach_result_file


def _declarations(job, membership):
    params = job.params
    if params.get("scope") == "unit":
        return batches.unit_batch(job.requested_by, membership, params.get("plan"))
    meeting = (
        batches.batch_meetings(job.requested_by, membership)
        .filter(pk=params.get("meeting"))
        .first()
    )
    if meeting is None:
        raise JobRejected([], message=_("You no longer see this review meeting."))
    return batches.meeting_batch(job.requested_by, meeting)


@register(
    "documents.evaluation_forms",
    label=_("Print evaluation forms"),
    category=EXPORT,
    back=lambda job: reverse("documents:evaluation-forms"),
    back_label=_("Evaluation forms"),
    result_template="documents/evaluation_forms_job.html",
)
def print_evaluation_forms(job):
    # Asked again when it runs: the requester may have lost the role since.
    membership = job_membership(job)
    if membership is None or not membership.is_active:
        raise JobRejected([], message=_("You no longer act in the role that asked for this."))
    declarations = list(_declarations(job, membership))
    if not declarations:
        raise JobRejected([], message=_("There is no evaluation form to print."))
    content = render_evaluation_forms(declarations, progress=job)
    attach_result_file(job, f"evaluation-forms-{job.pk}.pdf", content)
    record_export(
        user=job.requested_by,
        membership=membership,
        subject_ids=[declaration.applicant_id for declaration in declarations],
        item=f"evaluation forms, job {job.pk}",
        whole_id_numbers=False,
        path=job.get_absolute_url(),
    )
    return {"forms": len(declarations)}
