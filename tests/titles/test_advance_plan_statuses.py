"""The daily beat task opens plans whose declaration window has begun and closes those whose
window has ended."""

from datetime import timedelta

import pytest
from django.utils import timezone

from titles import services
from titles.models import EvaluationPlan
from titles.tasks import advance_plan_statuses

Status = EvaluationPlan.Status


@pytest.fixture
def make_plan(demo, plan_data, jury_in_office):
    def make(opens, closes, **extra):
        return services.create_plan(
            actor=demo["users"]["bureau"],
            **{
                **plan_data,
                "year": opens.year,
                "declaration_opens": opens,
                "declaration_closes": closes,
                "unit_recommendation_deadline": closes + timedelta(days=14),
                "qualification_check_deadline": closes + timedelta(days=40),
                "achievement_cutoff": opens,
                **extra,
            },
        )

    return make


def test_it_opens_a_draft_on_its_opening_day_and_closes_a_plan_after_its_last_day(demo, make_plan):
    today = timezone.localdate()
    starting = make_plan(today, today + timedelta(days=20))
    not_yet = make_plan(today + timedelta(days=1), today + timedelta(days=20))
    ended = make_plan(today - timedelta(days=30), today - timedelta(days=1))
    services.open_plan(actor=demo["users"]["bureau"], plan=ended, today=ended.declaration_opens)
    last_day = make_plan(today - timedelta(days=30), today)
    services.open_plan(actor=demo["users"]["bureau"], plan=last_day)

    advance_plan_statuses.delay()

    statuses = {
        plan.pk: plan.status
        for plan in EvaluationPlan.objects.filter(
            pk__in=[starting.pk, not_yet.pk, ended.pk, last_day.pk]
        )
    }
    assert statuses == {
        starting.pk: Status.OPEN,
        not_yet.pk: Status.DRAFT,
        ended.pk: Status.CLOSED,
        last_day.pk: Status.OPEN,
    }


def test_an_incomplete_draft_stays_a_draft_and_does_not_stop_the_others(demo, make_plan):
    today = timezone.localdate()
    incomplete = make_plan(today, today + timedelta(days=20), jury=None)
    complete = make_plan(today, today + timedelta(days=20))

    advance_plan_statuses.delay()

    incomplete.refresh_from_db()
    complete.refresh_from_db()
    assert (incomplete.status, complete.status) == (Status.DRAFT, Status.OPEN)
