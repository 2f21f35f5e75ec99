"""Background jobs of declarations: the jury office's roster of a plan (资格评审对象花名册)
as Excel. Started from the roster page (applicants/views.py roster_export)."""

import tempfile

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applicants import selectors
from applicants.permissions import roster_plans
from applicants.roster_export import roster_filename, write_roster
from jobs.progress import counted
from jobs.registry import EXPORT, JobRejected, register
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
    declarations = selectors.roster_declarations(plan)
    counting = _Counted(declarations, job)
    with tempfile.TemporaryFile() as stream:
        write_roster(counting, stream, heading=plan.name)
        stream.seek(0)
        attach_result_file(job, roster_filename(plan), stream)
    return {"rows": job.total}
