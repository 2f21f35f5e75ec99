"""`manage.py run_schedule`: production's periodic tasks (CELERY_BEAT_SCHEDULE) run in this
process, as `make demo` runs them beside the web server: a result publicity that ended is
closed without anyone acting, a second run changes nothing, and a failing task does not stop
the others."""

from datetime import timedelta
from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from juries.models import Candidate
from tests.juries.conftest import JuryWorld


@pytest.fixture
def world(demo, monkeypatch, settings):
    settings.LANGUAGE_CODE = "en"
    return JuryWorld(demo, monkeypatch)


def move_clock_to(world, monkeypatch, day):
    """The product's clock (`timezone.localdate`, and the jury services' day) reads `day`."""
    real_localdate = timezone.localdate
    world.set_today(day)
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, timezone=None: (
            day if value is None and timezone is None else real_localdate(value, timezone)
        ),
    )


def run_once() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("run_schedule", "--once", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_ended_publicity_closes_on_the_schedule_and_a_second_run_changes_nothing(
    world, monkeypatch
):
    publicity = world.publicized()
    move_clock_to(world, monkeypatch, publicity.ends_on + timedelta(days=1))

    out, err = run_once()

    assert err == ""
    lines = out.splitlines()
    assert len(lines) == len(django_settings.CELERY_BEAT_SCHEDULE)  # one line per task
    for name, entry in django_settings.CELERY_BEAT_SCHEDULE.items():
        assert any(f"{name} ({entry['task']})" in line for line in lines)
    assert any(
        line.endswith("close-ended-result-publicities (juries.tasks.close_ended_publicities): 1")
        for line in lines
    )
    publicity.refresh_from_db()
    closed_at = publicity.closed_at
    assert closed_at is not None
    assert Candidate.objects.get(meeting=publicity.meeting).ready_for_filing_at is not None

    out, _err = run_once()

    assert "(juries.tasks.close_ended_publicities): 0" in out
    publicity.refresh_from_db()
    assert publicity.closed_at == closed_at


def test_before_its_last_day_has_passed_the_schedule_leaves_it_open(world, monkeypatch):
    publicity = world.publicized()
    move_clock_to(world, monkeypatch, publicity.ends_on)

    out, _err = run_once()

    assert "(juries.tasks.close_ended_publicities): 0" in out
    publicity.refresh_from_db()
    assert publicity.closed_at is None


def test_a_failing_task_is_logged_and_the_others_still_run(world, monkeypatch, settings):
    publicity = world.publicized()
    move_clock_to(world, monkeypatch, publicity.ends_on + timedelta(days=1))
    settings.CELERY_BEAT_SCHEDULE = {
        "broken": {"task": "juries.tasks.no_such_task", "schedule": crontab(minute=0)},
        **django_settings.CELERY_BEAT_SCHEDULE,
    }

    out, err = run_once()

    assert "broken (juries.tasks.no_such_task) failed" in err
    assert "(juries.tasks.close_ended_publicities): 1" in out
    publicity.refresh_from_db()
    assert publicity.closed_at is not None
