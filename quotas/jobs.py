"""Background jobs of post quotas: the Excel import of post data and the export of the
bureau's quota table."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobs.progress import counted
from jobs.registry import EXPORT, IMPORT, register
from jobs.services import attach_result_file
from quotas import selectors
from quotas.exports import export_quota_table
from quotas.imports import import_post_data


@register(
    "quotas.post_data_import",
    label=_("Import post data"),
    category=IMPORT,
    back=lambda job: reverse("quotas:overview"),
    back_label=_("Post quotas"),
    result_template="jobs/results/post_data_import.html",
)
def import_post_data_job(job):
    # A file with bad rows raises ImportRejected: the job fails and lists them.
    with job.input_file.open("rb") as file:
        outcome = import_post_data(actor=job.requested_by, file=file, progress=job)
    return {
        "created": outcome.created,
        "updated": outcome.updated,
        "institutions": outcome.institutions,
        "years": list(outcome.years),
    }


@register(
    "quotas.quota_export",
    label=_("Export the post quotas to Excel"),
    category=EXPORT,
    back=lambda job: reverse("quotas:overview") + f"?year={job.params.get('year', '')}",
    back_label=_("Post quotas"),
)
def export_quotas(job):
    quotas, year, _years = selectors.filtered_quotas(job.requested_by, job.params)
    total = quotas.count()
    content = export_quota_table(counted(quotas, job, total=total))
    attach_result_file(job, f"post-quotas-{year}.xlsx", content)
    return {"rows": total, "year": year}
