"""The nightly quota check runs through a real Celery worker on Redis."""

import pytest

from quotas.models import QuotaFlag
from quotas.tasks import recompute_quotas


@pytest.mark.django_db(transaction=True)
def test_the_nightly_check_runs_on_a_real_worker(world, real_celery_worker):
    institution = world.institution("示范市夜间检查医院")
    world.post_data(institution, approved=10, hired=10, not_hired=4)

    summary = recompute_quotas.delay([2026]).get(timeout=60)

    assert summary["flags_raised"] == 1
    flag = QuotaFlag.objects.get()
    assert (flag.institution, flag.reason) == (institution, "suspended")
