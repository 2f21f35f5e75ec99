"""Background jobs of continuing education: the Excel imports of credit hours and of exam
results, by employer HR staff and HR bureaus."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from continuing_ed.exam_import import import_exam_results
from continuing_ed.hours_import import import_credit_hours
from continuing_ed.workbooks import ImportRejected
from jobs.registry import IMPORT, JobRejected, RowProblem, register


def _run(job, importer) -> dict:
    try:
        with job.input_file.open("rb") as upload:
            batch = importer(
                actor=job.requested_by, upload=upload, file_name=job.input_name, progress=job
            )
    except ImportRejected as rejected:
        raise JobRejected(
            [
                RowProblem(row=error.row, reason=reason)
                for error in rejected.errors
                for reason in error.reasons
            ]
        ) from rejected
    except ValidationError as error:
        # The file as a whole: not a workbook, too many rows, numbers taken meanwhile.
        raise JobRejected([RowProblem(reason=message) for message in error.messages]) from error
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
