"""The quota check (nightly, and after each import): recompute every quota in a handful of
queries, flag institutions suspended or over quota, tell their HR staff and the bureau once,
and resolve flags that no longer apply."""

import pytest
from django.utils import translation

from accounts.models import User
from notifications.models import Notification
from quotas.models import PostLevel, Quota, QuotaFlag
from quotas.services import recompute_quotas, reserve_place
from quotas.tasks import recompute_quotas as recompute_task


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_suspended_and_over_quota_institutions_are_flagged_and_told_once(world):
    suspended = world.institution("示范市超编医院")
    suspended_hr = world.hr_staff(suspended, "suspended_hr")
    world.post_data(suspended, approved=100, hired=100, not_hired=31)
    crowded = world.institution("示范市超额学校")
    crowded_hr = world.hr_staff(crowded, "crowded_hr")
    world.post_data(crowded, approved=10, hired=8)
    for _ in range(2):
        reserve_place(world.declaration(crowded))
    world.post_data(crowded, approved=10, hired=10)  # the two places taken are no longer there
    User.objects.update(preferred_language="en")  # the staff's messages are written in English

    summary = recompute_task.delay([2026]).get()

    assert summary["flags_raised"] == 2
    flags = {(flag.institution.name, flag.reason) for flag in QuotaFlag.objects.all()}
    assert flags == {("示范市超编医院", "suspended"), ("示范市超额学校", "over_quota")}
    over = QuotaFlag.objects.get(reason="over_quota")
    assert (over.places, over.reserved) == (0, 2)
    [to_suspended] = Notification.objects.filter(recipient=suspended_hr)
    assert "示范市超编医院" in to_suspended.subject
    assert "Deputy senior posts in 2026: Suspended" in to_suspended.body
    assert Notification.objects.filter(recipient=crowded_hr).count() == 1
    [to_bureau] = Notification.objects.filter(recipient=world.users["bureau"])
    assert "2 institutions newly flagged" in to_bureau.subject
    assert "示范市超编医院" in to_bureau.body and "示范市超额学校" in to_bureau.body

    again = recompute_quotas(years=[2026])

    assert again.flags_raised == 0
    assert Notification.objects.count() == 3


def test_a_flag_is_resolved_once_the_post_data_allow_the_places(world):
    institution = world.institution()
    world.post_data(institution, approved=100, hired=100, not_hired=40)
    recompute_quotas(years=[2026])

    world.post_data(institution, approved=200, hired=100, not_hired=40)
    summary = recompute_quotas(years=[2026])

    assert summary.flags_resolved == 1
    assert not QuotaFlag.objects.filter(resolved_at__isnull=True).exists()
    quota = Quota.objects.get(institution=institution, post_level=PostLevel.DEPUTY_SENIOR)
    assert (quota.outcome, quota.places) == ("vacant_posts", 100)


def test_every_recomputed_quota_keeps_its_explanation(world):
    recompute_quotas(years=[2026])

    quota = Quota.objects.get(institution=world.hospital, post_level=PostLevel.INTERMEDIATE)
    assert (quota.outcome, quota.places) == ("transitional", 3)
    assert "Places = ⌊6 ÷ 2⌋ = 3." in quota.explanation_texts()


def test_the_check_takes_the_same_few_queries_for_five_or_fifty_institutions(
    world, django_assert_max_num_queries
):
    def add(count, start):
        for number in range(start, start + count):
            institution = world.institution(f"示范市第{number}事业单位")
            world.hr_staff(institution, f"hr{number}")
            world.post_data(institution, approved=10, hired=10, not_hired=5)  # suspended
            world.post_data(institution, PostLevel.INTERMEDIATE, approved=10, hired=3)

    add(5, 0)
    with django_assert_max_num_queries(16):
        assert recompute_quotas(years=[2026]).flags_raised == 5
    add(45, 5)
    with django_assert_max_num_queries(16):
        assert recompute_quotas(years=[2026]).flags_raised == 45


def test_the_nightly_check_is_scheduled_on_beat(settings):
    from config.celery import app

    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "quotas.tasks.recompute_quotas" in entries
    assert "quotas.tasks.recompute_quotas" in app.tasks
