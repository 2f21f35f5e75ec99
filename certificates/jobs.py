"""Background jobs of certificates: the certificate information table (证书信息表) as Excel,
scoped to what the requester may see and narrowed by the list's search."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.id_number_access import job_membership
from accounts.models import Membership
from certificates import selectors
from certificates.exports import export_certificate_table, record_table_export
from certificates.forms import CertificateSearchForm
from certificates.permissions import full_id_number_certificates, table_id_number_membership
from jobs.progress import counted
from jobs.registry import EXPORT, JobRejected, register
from jobs.services import attach_result_file

SEARCH_FIELDS = ("q", "status", "year")


@register(
    "certificates.table_export",
    label=_("Export the certificate information table"),
    category=EXPORT,
    back=lambda job: reverse("certificates:list"),
    back_label=_("Certificates"),
)
def export_table(job):
    membership = None
    if job.params.get("full_id_numbers"):
        # Asked again when it runs: the bureau's staff may have lost the role since.
        chosen = Membership.objects.filter(pk=job.params.get("membership")).first()
        membership = table_id_number_membership(job.requested_by, [chosen])
        if membership is None:
            raise JobRejected([], message=_("You may no longer export whole ID numbers."))
    certificates = selectors.with_whole_id_numbers(
        selectors.certificate_table(
            selectors.searched_certificates(job.requested_by, CertificateSearchForm(job.params))
        ),
        full_id_number_certificates(membership) if membership is not None else None,
    )
    total = certificates.count()
    content = export_certificate_table(counted(certificates.iterator(), job, total=total))
    attach_result_file(job, "certificates.xlsx", content)
    record_table_export(
        user=job.requested_by,
        membership=membership or job_membership(job),
        certificates=certificates,
        item=f"certificate information table, job {job.pk}",
        path=job.get_absolute_url(),
    )
    return {"rows": total, "full_id_numbers": membership is not None}
