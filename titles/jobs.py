"""Background jobs of the titles app: importing a year's holidays and make-up working days
(titles/calendar_import.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobs.registry import IMPORT, register
from titles.calendar_import import import_calendar_year


@register(
    "titles.calendar_import",
    label=_("Import a year's holidays and make-up working days"),
    category=IMPORT,
    back=lambda job: reverse("titles:calendar", args=[job.params["year"]]),
    back_label=_("Back to the working-day calendar"),
)
def import_calendar(job):
    # A file with bad rows raises ImportRejected: the job fails and lists them.
    with job.input_file.open("rb") as upload:
        return import_calendar_year(
            actor=job.requested_by,
            year=job.params["year"],
            upload=upload,
            source=job.params.get("source", ""),
            progress=job,
        )
