"""Background jobs of accounts: an employer HR's Excel import of applicant accounts."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import Organization
from core.masking import mask_username
from jobs.registry import IMPORT, JobRejected, register

# The result page lists the accounts created, up to this many.
SHOWN_ACCOUNTS = 500


@register(
    "accounts.applicant_import",
    label=_("Import applicant accounts"),
    category=IMPORT,
    back=lambda job: reverse("manage:applicant_import"),
    back_label=_("Import another file"),
    result_template="jobs/results/applicant_import.html",
)
def import_applicants(job):
    organization = Organization.objects.get(pk=job.params["organization"])
    try:
        with job.input_file.open("rb") as file:
            users = services.import_applicants(
                actor=job.requested_by, organization=organization, file=file, progress=job
            )
    except PermissionDenied as denied:
        raise JobRejected([], message=str(denied)) from denied
    return {
        "created": len(users),
        "accounts": [
            {
                "real_name": user.real_name,
                # Kept with the job, which the unit's HR colleagues see too: masked when the
                # username is the ID number (its holder learns it from the activation e-mail).
                "username": mask_username(user.username, user.id_number),
                "email": user.email,
            }
            for user in users[:SHOWN_ACCOUNTS]
        ],
    }
