"""The jury office closes a result publicity by hand once its last day has passed ("close the
publicity now"), without waiting for the nightly task; the same step as the task's, so either
may come second and change nothing."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from audit.models import AuditRecord
from juries import tasks
from juries.models import Candidate

BUTTON = "Close the publicity now"


@pytest.fixture
def move_to(world, monkeypatch):
    """Moves the product's clock: the services' day and the pages' (`timezone.localdate`)."""
    real_localdate = timezone.localdate

    def move(day):
        world.set_today(day)
        monkeypatch.setattr(
            "django.utils.timezone.localdate",
            lambda value=None, timezone=None: (
                day if value is None and timezone is None else real_localdate(value, timezone)
            ),
        )

    return move


def _texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _page(client, meeting):
    return client.get(f"/juries/meetings/{meeting.pk}/").content.decode()


def test_the_office_closes_a_due_publicity_once_and_the_task_then_changes_nothing(
    world, client, move_to
):
    publicity = world.publicized()
    meeting = publicity.meeting
    url = f"/juries/meetings/{meeting.pk}/publicity/close/"
    client.force_login(world.office)

    move_to(publicity.ends_on)  # the last day: not due yet
    assert BUTTON not in _page(client, meeting)
    refused = client.post(url)
    assert refused.status_code == 302
    assert any("once its last day" in text for text in _texts(refused))
    publicity.refresh_from_db()
    assert publicity.closed_at is None

    move_to(publicity.ends_on + timedelta(days=1))
    assert BUTTON in _page(client, meeting)
    closed = client.post(url)
    assert closed.status_code == 302
    assert "The publicity is closed: its declarations are ready for filing." in _texts(closed)
    publicity.refresh_from_db()
    closed_at = publicity.closed_at
    assert closed_at is not None
    assert Candidate.objects.get(meeting=meeting).ready_for_filing_at is not None
    assert AuditRecord.objects.filter(action="publicity.close", actor=world.office).count() == 1
    page = _page(client, meeting)
    assert BUTTON not in page and "closed on" in page

    again = client.post(url)
    assert "The publicity was already closed; nothing changed." in _texts(again)
    assert tasks.close_ended_publicities.delay().get() == 0
    publicity.refresh_from_db()
    assert publicity.closed_at == closed_at
    assert AuditRecord.objects.filter(action="publicity.close").count() == 1


def test_after_the_task_closed_it_the_button_is_gone_and_a_post_changes_nothing(
    world, client, move_to
):
    publicity = world.publicized()
    move_to(publicity.ends_on + timedelta(days=1))
    assert tasks.close_ended_publicities.delay().get() == 1
    client.force_login(world.office)

    assert BUTTON not in _page(client, publicity.meeting)
    answer = client.post(f"/juries/meetings/{publicity.meeting.pk}/publicity/close/")
    assert "The publicity was already closed; nothing changed." in _texts(answer)
    assert not AuditRecord.objects.filter(action="publicity.close").exists()


def test_an_open_objection_keeps_it_open(world, client, move_to):
    publicity = world.publicized()
    world.objection(publicity, "论文涉嫌抄袭")
    move_to(publicity.ends_on + timedelta(days=1))
    client.force_login(world.office)

    answer = client.post(f"/juries/meetings/{publicity.meeting.pk}/publicity/close/")

    assert any("Decide the open objections first" in text for text in _texts(answer))
    publicity.refresh_from_db()
    assert publicity.closed_at is None


def test_nobody_but_the_office_closes_it(world, client, move_to):
    publicity = world.publicized()
    meeting = publicity.meeting
    move_to(publicity.ends_on + timedelta(days=1))
    url = f"/juries/meetings/{meeting.pk}/publicity/close/"

    assert client.post(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(world.bureau)  # sees the meeting, may not act for the office
    assert BUTTON not in _page(client, meeting)
    assert client.post(url).status_code == 403
    client.force_login(meeting.candidates.get().declaration.applicant)
    assert client.post(url).status_code == 404
    client.force_login(world.office)
    assert client.get(url).status_code == 405

    publicity.refresh_from_db()
    assert publicity.closed_at is None
