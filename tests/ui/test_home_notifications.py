from notifications.models import Notification
from notifications.services import notify


def test_latest_messages_show_with_the_unread_count(client, make_user):
    user = make_user("zhang")
    notify([user], subject="您的申报已被退回", body="请补充学历证书。", url="/declarations/1/")
    notify([user], subject="评审结果已公示")
    client.force_login(user)

    page = client.get("/").content.decode()

    assert "您的申报已被退回" in page
    assert "评审结果已公示" in page
    assert "2 条未读" in page


def test_mark_as_read(client, make_user):
    user = make_user("zhang")
    [message] = notify([user], subject="您的申报已被退回")
    client.force_login(user)

    response = client.post("/notifications/mark-read/", {"notification": message.pk}, follow=True)

    message.refresh_from_db()
    assert message.read_at is not None
    assert "条未读" not in response.content.decode()


def test_someone_elses_message_stays_unread(client, make_user):
    owner = make_user("zhang")
    [message] = notify([owner], subject="您的申报已被退回")
    client.force_login(make_user("li", real_name="李四"))

    client.post("/notifications/mark-read/", {"notification": [message.pk, "x"]})

    assert Notification.objects.get(pk=message.pk).read_at is None


def test_the_home_page_queries_do_not_grow_with_messages(
    client, make_user, django_assert_max_num_queries
):
    user = make_user("zhang")
    for number in range(8):
        notify([user], subject=f"消息 {number}")
    client.force_login(user)

    with django_assert_max_num_queries(12):
        client.get("/")
