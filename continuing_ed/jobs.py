"""Background jobs of continuing education: the Excel imports of credit hours and of exam
results, by employer HR staff and HR bureaus."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from continuing_ed.exam_import import import_exam_results
from continuing_ed.hours_import import import_credit_hours
from jobs.registry import IMPORT, register


def _run(job, importer) -> dict:
    # A file with bad rows raises ImportRejected: the job fails and lists them.
    with job.input_file.open("rb") as upload:
        batch = importer(
            actor=job.requested_by, upload=upload, file_name=job.input_name, progress=job
        )
    return {"created": batch.row_count, "batch": batch.pk}


@register(
    "continuing_ed.hours_import",
    label=_("Import continuing-education hours"),
    category=IMPORT,
    back=lambda job: reverse("continuing_ed:import_hours"),
    back_label=_("Import another file"),
)
def import_hours(job):
    return _run(job, import_credit_hours)


@register(
    "continuing_ed.exams_import",
    label=_("Import exam results"),
    category=IMPORT,
    back=lambda job: reverse("continuing_ed:import_exams"),
    back_label=_("Import another file"),
)
def import_exams(job):
    return _run(job, import_exam_results)
