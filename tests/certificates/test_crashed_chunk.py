"""A chunk of the certificate batch that crashes outright (here: no signing key) does not
leave the batch "in progress" for ever: each of its declarations is recorded as failed, the
batch's progress finishes with them, and the bureau's retry issues them once the cause is
fixed."""

from certificates import selectors, services
from certificates.models import Certificate, IssueFailure
from tests.certificates.conftest import TEST_SIGNING_KEY


def test_a_crashed_chunk_is_recorded_as_failures_and_a_retry_issues_it(
    results, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.DEBUG = False  # no development key to fall back on
    filing = results.submitted_filing(results.meeting(2, names=["张伟", "王芳"]))

    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)

    filing.refresh_from_db()
    progress = selectors.filing_progress(filing)
    assert (progress.done, progress.failed, progress.finished) == (0, 2, True)
    failures = list(IssueFailure.objects.filter(filing=filing))
    assert {f.stage for f in failures} == {IssueFailure.Stage.ISSUE}
    assert all("CERTIFICATE_SIGNING_KEY" in f.message for f in failures)
    assert not Certificate.objects.filter(filing=filing).exists()

    settings.CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_certificate_issue(filing, actor=results.bureau)

    progress = selectors.filing_progress(filing)
    assert (progress.done, progress.failed, progress.finished) == (2, 0, True)
