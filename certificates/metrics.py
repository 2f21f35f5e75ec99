"""Certificate batch issue figures for /metrics (core/metrics.py): what is still pending,
issued or failed in the batches that have not finished, and the failures awaiting a retry."""

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from certificates.models import Certificate, Filing, FilingEntry, IssueFailure
from certificates.selectors import Progress
from core.metrics import metrics_source


def _per_filing(queryset) -> dict[int, int]:
    return dict(queryset.values_list("filing").annotate(n=Count("pk")).order_by())


def unfinished_batches() -> list[Progress]:
    """Progress of every started batch with certificates still pending: three grouped
    queries, whatever the number of filings."""
    started = Filing.objects.filter(issue_started_at__isnull=False).values("pk")
    totals = _per_filing(FilingEntry.objects.filter(filing__in=started))
    done = _per_filing(Certificate.objects.filter(filing__in=started).exclude(pdf=""))
    failed = _per_filing(IssueFailure.objects.filter(filing__in=started))
    batches = (
        Progress(total=total, done=done.get(pk, 0), failed=failed.get(pk, 0), started=True)
        for pk, total in totals.items()
    )
    return [batch for batch in batches if not batch.finished]


@metrics_source
def certificate_batches():
    batches = unfinished_batches()
    unfinished = GaugeMetricFamily(
        "zhicheng_certificate_batches_unfinished",
        "Certificate batches started and not finished.",
    )
    unfinished.add_metric([], len(batches))
    yield unfinished
    certificates = GaugeMetricFamily(
        "zhicheng_certificate_batch_certificates",
        "Certificates of the unfinished batches, by state.",
        labels=["state"],
    )
    certificates.add_metric(["pending"], sum(batch.pending for batch in batches))
    certificates.add_metric(["issued"], sum(batch.done for batch in batches))
    certificates.add_metric(["failed"], sum(batch.failed for batch in batches))
    yield certificates
    failures = GaugeMetricFamily(
        "zhicheng_certificate_issue_failures",
        "Declarations of approved filings that could not be issued or rendered yet.",
    )
    failures.add_metric([], IssueFailure.objects.count())
    yield failures
