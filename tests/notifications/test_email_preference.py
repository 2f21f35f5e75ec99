"""Each person chooses on the notification centre whether their messages are also
e-mailed (on unless they turn it off); the messages stay in the product either way."""

import re

from django.core import mail

from notifications.models import Notification
from notifications.services import notify


def send(user, subject, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], subject=subject)


def test_messages_are_emailed_unless_the_person_turns_it_off(
    client, make_user, django_capture_on_commit_callbacks
):
    zhang = make_user("zhang", email="zhang@example.test")
    client.force_login(zhang)
    page = client.get("/notifications/").content.decode()
    assert "消息同时发送到您的电子邮箱 zhang@example.test" in page
    assert re.search(r'<input type="checkbox" name="email_notifications"[^>]* checked>', page)
    send(zhang, "第一条消息", django_capture_on_commit_callbacks)
    assert [message.subject for message in mail.outbox] == ["第一条消息"]

    response = client.post("/notifications/e-mail/", {}, follow=True)

    page = response.content.decode()
    assert "今后消息将不再发送到您的电子邮箱" in page
    assert "消息仅在本系统中显示，不发送电子邮件" in page
    zhang.refresh_from_db()
    assert zhang.email_notifications is False
    send(zhang, "第二条消息", django_capture_on_commit_callbacks)
    assert [message.subject for message in mail.outbox] == ["第一条消息"]
    assert Notification.objects.filter(recipient=zhang, subject="第二条消息").exists()
    assert "第二条消息" in client.get("/notifications/").content.decode()


def test_turning_it_back_on(client, make_user, django_capture_on_commit_callbacks):
    zhang = make_user("zhang", email="zhang@example.test")
    zhang.email_notifications = False
    zhang.save()
    client.force_login(zhang)

    response = client.post("/notifications/e-mail/", {"email_notifications": "on"}, follow=True)

    assert "今后消息将同时发送到您的电子邮箱" in response.content.decode()
    send(zhang, "消息", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_without_an_address_the_page_says_messages_stay_here(client, make_user):
    client.force_login(make_user("zhang"))

    page = client.get("/notifications/").content.decode()

    assert "您的账号未登记电子邮箱，消息仅在本系统中显示" in page
