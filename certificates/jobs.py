"""Background jobs of certificates: the certificate information table (证书信息表) as Excel,
scoped to what the requester may see and narrowed by the list's search."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from certificates import selectors
from certificates.exports import export_certificate_table
from certificates.forms import CertificateSearchForm
from jobs.progress import counted
from jobs.registry import EXPORT, register
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
    certificates = selectors.certificate_table(
        selectors.searched_certificates(job.requested_by, CertificateSearchForm(job.params))
    )
    total = certificates.count()
    content = export_certificate_table(counted(certificates.iterator(), job, total=total))
    attach_result_file(job, "certificates.xlsx", content)
    return {"rows": total}
