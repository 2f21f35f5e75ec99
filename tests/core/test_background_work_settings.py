"""How background work is configured to end: each kind of work on its own queue (the message
lands on that queue in Redis), acknowledged late with one task prefetched, time limits below
the visibility timeout, a mail timeout, and retries spaced out to cover an outage of
CELERY_RETRY_OUTAGE_SECONDS."""

import pytest
import redis
from django.conf import settings

from accounts.tasks import send_activation_email
from applicants.tasks import deem_overdue_corrections_withdrawn
from certificates.tasks import issue_certificate_chunk
from config.celery import app as celery_app
from core.background import queue_name, retries_covering
from jobs.tasks import run_job
from notifications.tasks import email_notification
from quotas.tasks import recompute_quotas


@pytest.mark.parametrize(
    ("task", "args", "kind"),
    [
        (issue_certificate_chunk, (1, [1]), "certificates"),
        (email_notification, (1,), "email"),
        (send_activation_email, (1,), "email"),
        (run_job, (1,), "jobs"),
        (deem_overdue_corrections_withdrawn, (), "scheduled"),
        (recompute_quotas, (), "scheduled"),
    ],
)
def test_each_kind_of_work_is_sent_to_its_own_queue(tasks_on_redis, task, args, kind):
    broker = redis.Redis.from_url(celery_app.conf.broker_url)
    queue = queue_name(kind)
    before = broker.llen(queue)

    task.apply_async(args=args)

    assert broker.llen(queue) == before + 1
    assert broker.llen(queue_name("celery")) == 0


def test_work_is_acknowledged_late_and_ends_before_it_could_be_delivered_twice():
    conf = celery_app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    visibility = conf.broker_transport_options["visibility_timeout"]
    assert visibility == settings.CELERY_VISIBILITY_TIMEOUT <= 15 * 60  # minutes, not an hour
    assert conf.task_soft_time_limit < conf.task_time_limit < visibility
    assert 0 < settings.EMAIL_TIMEOUT < conf.task_soft_time_limit


def test_retries_cover_the_outage_they_are_meant_to_ride_out():
    assert retries_covering(420) == 12  # 1+2+4+8+16+32 s, then six waits of 60 s: 423 s
    assert sum(min(2**n, 60) for n in range(retries_covering(420))) >= 420
    options = run_job.max_retries, run_job.retry_backoff_max, run_job.retry_jitter
    assert options == (retries_covering(settings.CELERY_RETRY_OUTAGE_SECONDS), 60, False)
    assert email_notification.max_retries == run_job.max_retries
    assert OSError in email_notification.autoretry_for
