"""The certificate figure: certificates issued and reissued per month."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateIssue
from reports.figures import TEXT, Column, Figure, bar_chart
from titles.models import EvaluationPlan


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return months


def certificate_figure(plans: QuerySet[EvaluationPlan]) -> Figure:
    """Certificates issued per month (first issues), with the reissues of lost ones and how
    many of the month's certificates have been revoked since."""
    counts = {}
    for row in (
        CertificateIssue.objects.filter(certificate__declaration__plan__in=plans)
        .annotate(month=TruncMonth("issued_on"))
        .values("month", "kind")
        .annotate(
            issues=Count("pk"),
            revoked=Count("pk", filter=Q(certificate__status=Certificate.Status.REVOKED)),
        )
        .order_by()
    ):
        counts[(row["month"], row["kind"])] = (row["issues"], row["revoked"])
    months = sorted({month for month, _kind in counts})
    rows = []
    if months:
        for month in _months(months[0], months[-1]):
            issued, revoked = counts.get((month, CertificateIssue.Kind.ISSUE), (0, 0))
            reissued, _revoked = counts.get((month, CertificateIssue.Kind.REISSUE), (0, 0))
            rows.append((f"{month:%Y-%m}", issued, reissued, revoked))
    issued = sum(row[1] for row in rows)
    reissued = sum(row[2] for row in rows)
    return Figure(
        key="certificates",
        title=_("Certificates issued per month"),
        sheet_name=_("Certificates"),
        summary=_("%(issued)s certificates issued, %(reissued)s reissued.")
        % {"issued": issued, "reissued": reissued},
        note=_(
            "The e-certificates of the declarations counted here, by the month they were first "
            "issued; reissues of lost certificates by the month of the reissue."
        ),
        columns=[
            Column(_("Month"), TEXT),
            Column(_("Issued")),
            Column(_("Reissued")),
            Column(_("Revoked since")),
        ],
        rows=rows,
        chart=bar_chart(
            [row[0] for row in rows],
            [
                (_("Issued"), [row[1] for row in rows], "brand"),
                (_("Reissued"), [row[2] for row in rows], "light"),
            ],
            horizontal=False,
        ),
    )
