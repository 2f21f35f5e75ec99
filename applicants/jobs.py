"""Background jobs of declarations: the jury office's roster of a plan (资格评审对象花名册)
as Excel. Started from the roster page (applicants/views.py roster_export)."""

import tempfile

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.id_number_access import job_membership, record_export
from accounts.models import Membership
from applicants import bulk, selectors
from applicants.permissions import roster_id_number_membership, roster_plans
from applicants.roster_export import roster_filename, write_roster
from jobs.progress import counted
from jobs.registry import BULK, EXPORT, JobRejected, register
from jobs.services import attach_result_file


class _Counted:
    """The roster's declarations, advancing the job's progress as write_roster reads them."""

    def __init__(self, declarations, job):
        self.declarations = declarations
        self.job = job

    def iterator(self, chunk_size=500):
        return counted(
            self.declarations.iterator(chunk_size=chunk_size),
            self.job,
            total=self.declarations.count(),
        )


@register(
    "applicants.roster_export",
    label=_("Export the roster of qualification evaluation objects"),
    category=EXPORT,
    back=lambda job: reverse("applicants:roster-export", args=[job.params["plan"]]),
    back_label=_("Export the roster again"),
)
def export_roster(job):
    plan = roster_plans(job.requested_by).filter(pk=job.params["plan"]).first()
    if plan is None:
        raise JobRejected([], message=_("You no longer work in this plan's jury office."))
    membership = None
    if job.params.get("full_id_numbers"):
        # Asked again when it runs: the office may have lost the role since.
        chosen = Membership.objects.filter(pk=job.params.get("membership")).first()
        membership = roster_id_number_membership(job.requested_by, [chosen], plan)
        if membership is None:
            raise JobRejected(
                [], message=_("You may no longer export this roster with whole ID numbers.")
            )
    declarations = selectors.roster_declarations(plan)
    counting = _Counted(declarations, job)
    with tempfile.TemporaryFile() as stream:
        applicant_ids = write_roster(
            counting, stream, heading=plan.name, full_id_numbers=membership is not None
        )
        stream.seek(0)
        attach_result_file(job, roster_filename(plan), stream)
    record_export(
        user=job.requested_by,
        membership=membership or job_membership(job),
        subject_ids=applicant_ids,
        item=f"roster of plan {plan.pk}, job {job.pk}",
        whole_id_numbers=membership is not None,
        path=job.get_absolute_url(),
    )
    return {"rows": job.total, "full_id_numbers": membership is not None}


@register(
    "applicants.bulk_move",
    label=_("Move many declarations"),
    category=BULK,
    back=lambda job: reverse("applicants:list"),
    back_label=_("Back to the declarations"),
    result_template="applicants/bulk_results_job.html",
)
def move_many(job):
    """A move of many declarations chosen on the list (applicants/bulk.py), each moved on
    its own and its result kept. The role and what it sees are asked again when it runs."""
    membership = Membership.objects.filter(
        pk=job.params.get("membership"), user=job.requested_by, is_active=True
    ).first()
    move = bulk.BULK_MOVES.get(job.params.get("move"))
    if membership is None or move is None or move.role != membership.role:
        raise JobRejected([], message=_("You no longer act in the role that chose this move."))
    try:
        declarations = bulk.chosen_declarations(membership, job.params.get("ids", []))
    except Http404:
        raise JobRejected(
            [], message=_("Some of the chosen declarations are no longer yours to see.")
        ) from None
    try:
        target = bulk.target_of(move, membership, job.params.get("target", ""))
    except Http404:
        raise JobRejected(
            [], message=_("What the declarations were to be moved to is no longer yours.")
        ) from None
    outcomes = bulk.perform(
        declarations,
        move,
        actor=job.requested_by,
        reason=job.params.get("reason", ""),
        commitment=job.params.get("commitment", False),
        contact=job.params.get("contact", ""),
        target=target,
        progress=job,
    )
    return {"move": move.name, **bulk.summary(outcomes)}
