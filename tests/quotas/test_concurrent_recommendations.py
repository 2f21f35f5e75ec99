"""Concurrent recommendations never exceed the quota: real threads, each with its own
PostgreSQL connection, all released at once. The quota's ledger row is locked in the
database (SELECT … FOR UPDATE) before places are counted, so the check cannot be raced."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from applicants.models import Declaration
from applicants.workflow import perform_transition
from quotas.models import Reservation
from quotas.services import reserve_place


def run_at_once(attempts):
    """Run the callables in as many threads, started together; each returns "ok" or the
    refusal message."""
    barrier = threading.Barrier(len(attempts))

    def run(attempt):
        try:
            with translation.override("en"):
                barrier.wait(timeout=30)
                attempt()
                return "ok"
        except ValidationError as error:
            return " ".join(error.messages)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts))


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_recommendations_against_ten_free_units(requires_postgres, world):
    school_hr = world.users["school_hr"]
    world.post_data(world.school, approved=40, hired=30)  # 75%: 10 vacant posts
    declarations = [world.ready_to_recommend(world.school) for _ in range(50)]

    results = run_at_once(
        [
            lambda d=declaration: perform_transition(
                d, "recommend", actor=school_hr, commitment=True
            )
            for declaration in declarations
        ]
    )

    refusals = [result for result in results if result != "ok"]
    assert results.count("ok") == 10
    assert len(refusals) == 40
    assert set(refusals) == {
        "The 2026 declaration quota of 示范市第一中学 for Deputy senior posts is used up: "
        "10 of 10 places are taken."
    }
    statuses = Declaration.objects.filter(pk__in=[d.pk for d in declarations]).values_list(
        "status", flat=True
    )
    assert sorted(set(statuses)) == [Declaration.Status.IN_UNIT_PUBLICITY, "recommended"]
    assert list(statuses).count(Declaration.Status.RECOMMENDED) == 10
    assert Reservation.active.filter(quota__institution=world.school).count() == 10


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_reservations_at_quota_one_leave_exactly_one(requires_postgres, world):
    institution = world.institution()
    world.post_data(institution, approved=10, hired=9)
    declarations = [world.declaration(institution) for _ in range(10)]

    results = run_at_once([lambda d=declaration: reserve_place(d) for declaration in declarations])

    assert results.count("ok") == 1
    assert all("1 of 1 places are taken" in result for result in results if result != "ok")
    assert Reservation.objects.filter(quota__institution=institution).count() == 1
