"""The sweeper restarts a certificate batch whose messages were lost: an approved filing with
declarations still waiting, no failure recorded, and no chunk sent or certificate made for
longer than a redelivery would take, gets its missing chunks sent again; it finishes with one
certificate each. A batch with failures waits for the bureau's retry instead."""

from datetime import timedelta

from django.utils import timezone

from certificates.models import Certificate, Filing, IssueFailure
from core.background import stalled_after, sweep_background_work
from core.models import OutboxMessage


def lost_batch(results, capture, count=3):
    filing = results.submitted_filing(results.meeting(count))
    with capture(execute=False):  # the chunks' messages never reach a worker
        results.approve(filing)
    long_ago = timezone.now() - stalled_after() - timedelta(minutes=1)
    Filing.objects.filter(pk=filing.pk).update(issue_started_at=long_ago)
    OutboxMessage.objects.update(sent_at=long_ago, created_at=long_ago)
    return filing


def test_a_batch_whose_chunks_were_lost_is_sent_again_and_finishes(
    results, django_capture_on_commit_callbacks
):
    filing = lost_batch(results, django_capture_on_commit_callbacks)
    assert not Certificate.objects.filter(filing=filing).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_background_work()["restart_stalled_batches"] == 1

    assert Certificate.objects.filter(filing=filing).exclude(pdf="").count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_background_work()["restart_stalled_batches"] == 0


def test_a_batch_with_failures_waits_for_the_bureau(results, django_capture_on_commit_callbacks):
    filing = lost_batch(results, django_capture_on_commit_callbacks)
    IssueFailure.objects.create(
        filing=filing,
        declaration=filing.entries.first().declaration,
        stage=IssueFailure.Stage.ISSUE,
        message="signing key missing",
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_background_work()["restart_stalled_batches"] == 0

    assert not Certificate.objects.filter(filing=filing).exists()
