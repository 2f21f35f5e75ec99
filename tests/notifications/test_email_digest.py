"""A batch that writes several messages to one person (a filing's chunk: filed, then
certified) e-mails them once, together, in their language; every message still shows in the
product on its own."""

from django.conf import settings
from django.core import mail

from notifications.models import Notification
from notifications.services import emails_as_digest, notify

SITE = settings.SITE_URL.rstrip("/")


def test_a_persons_messages_of_one_batch_come_as_one_email(
    make_user, django_capture_on_commit_callbacks
):
    zhang = make_user("zhang", email="zhang@example.test")
    li = make_user("li", email="li@example.test", language="en")
    wang = make_user("wang", email="wang@example.test")

    with django_capture_on_commit_callbacks(execute=True), emails_as_digest():
        notify([zhang, li], subject=lambda: "已备案", body="材料已备案。")
        notify([zhang, li], subject="证书已发放", body="请下载证书。")
        notify([wang], subject="仅一条")

    emails = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 3
    assert emails["zhang@example.test"].subject == "2 条消息：已备案"
    filed, issued = Notification.objects.filter(recipient=zhang).order_by("pk")
    assert emails["zhang@example.test"].body == (
        f"已备案\n材料已备案。\n{SITE}/notifications/{filed.pk}/\n\n"
        f"证书已发放\n请下载证书。\n{SITE}/notifications/{issued.pk}/"
    )
    assert emails["li@example.test"].subject == "2 messages: 已备案"
    assert emails["wang@example.test"].subject == "仅一条"
    assert Notification.objects.filter(recipient=zhang).count() == 2
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_outside_a_batch_each_message_is_its_own_email(
    make_user, django_capture_on_commit_callbacks
):
    zhang = make_user("zhang", email="zhang@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        notify([zhang], subject="第一条")
        notify([zhang], subject="第二条")

    assert [message.subject for message in mail.outbox] == ["第一条", "第二条"]


def test_a_digest_sent_already_is_not_sent_again(make_user, django_capture_on_commit_callbacks):
    from notifications.tasks import email_notifications

    zhang = make_user("zhang", email="zhang@example.test")
    with django_capture_on_commit_callbacks(execute=True), emails_as_digest():
        notify([zhang], subject="第一条")
        notify([zhang], subject="第二条")
    ids = list(Notification.objects.values_list("pk", flat=True))

    assert email_notifications(ids) == 0
    assert len(mail.outbox) == 1


def test_the_link_in_an_email_opens_the_item_and_marks_the_message_read(
    client, make_user, django_capture_on_commit_callbacks
):
    zhang = make_user("zhang", email="zhang@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        [message] = notify([zhang], subject="证书已发放", url="/certificates/")
    [email] = mail.outbox
    link = email.body.splitlines()[-1]
    assert link == f"{SITE}/notifications/{message.pk}/"

    client.force_login(zhang)
    response = client.get(link.removeprefix(SITE))

    assert response.status_code == 302 and response["Location"] == "/certificates/"
    message.refresh_from_db()
    assert message.read_at is not None
