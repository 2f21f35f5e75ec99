"""The notification centre (/notifications/): the person's own messages, newest first, a
page at a time, all or only the unread ones, each linking to its item (following the link
marks it read); marking one, the ticked ones or all as read; and the unread count in every
page's header, counted in one query."""

import re

from django.db import connection
from django.template import Context
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify


def page_of(client, url="/notifications/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def subjects(page):
    return re.findall(r'class="subject-text"[^>]*>([^<]+)<', page)


def test_the_centre_lists_ones_own_messages_newest_first_with_links(client, make_user):
    zhang, li = make_user("zhang"), make_user("li")
    notify([zhang], subject="您的申报已提交", url="/declarations/7/")
    notify([zhang], subject="单位公示已开始", body="公示期五个工作日。")
    notify([li], subject="别人的消息")
    client.force_login(zhang)

    page = page_of(client)

    assert subjects(page) == ["单位公示已开始", "您的申报已提交"]
    linked = Notification.objects.get(subject="您的申报已提交")
    assert f'<a class="subject-text" href="/notifications/{linked.pk}/">您的申报已提交</a>' in page
    assert "公示期五个工作日。" in page
    assert "别人的消息" not in page
    assert "2 条未读" in page


def test_following_a_message_marks_it_read_and_leads_to_its_item(client, make_user):
    zhang, li = make_user("zhang"), make_user("li")
    (submitted,) = notify([zhang], subject="您的申报已提交", url="/declarations/7/")
    (other,) = notify([zhang], subject="单位公示已开始")
    (not_his,) = notify([li], subject="别人的消息", url="/declarations/8/")
    client.force_login(zhang)

    followed = client.get(f"/notifications/{submitted.pk}/")
    without_link = client.get(f"/notifications/{other.pk}/")
    someone_elses = client.get(f"/notifications/{not_his.pk}/")

    assert followed.status_code == 302 and followed["Location"] == "/declarations/7/"
    assert without_link.status_code == 302 and without_link["Location"] == "/notifications/"
    assert someone_elses.status_code == 404
    read = set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True))
    assert read == {submitted.pk, other.pk}


def test_a_message_never_leads_off_the_site(client, make_user):
    zhang = make_user("zhang")
    (message,) = notify([zhang], subject="钓鱼链接", url="https://evil.example/steal")
    client.force_login(zhang)

    response = client.get(f"/notifications/{message.pk}/")

    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_unread_filter_and_pages(client, make_user):
    zhang = make_user("zhang")
    for number in range(25):
        notify([zhang], subject=f"消息{number:02d}")
    Notification.objects.filter(subject__in=["消息00", "消息01"]).update(read_at=timezone.now())
    client.force_login(zhang)

    first = page_of(client)
    second = page_of(client, "/notifications/?page=2")
    unread = page_of(client, "/notifications/?show=unread&page=2")

    assert subjects(first) == [f"消息{n:02d}" for n in range(24, 4, -1)]
    assert subjects(second) == [f"消息{n:02d}" for n in range(4, -1, -1)]
    assert subjects(unread) == ["消息04", "消息03", "消息02"]
    assert "?show=unread&amp;page=1" in unread  # the filter is kept from page to page


def test_mark_one_the_ticked_ones_or_all_as_read(client, make_user):
    zhang, li = make_user("zhang"), make_user("li")
    first, second, third, fourth = (notify([zhang], subject=f"消息{n}")[0] for n in range(4))
    [others] = notify([li], subject="别人的消息")
    client.force_login(zhang)

    response = client.post("/notifications/read/", {"one": first.pk}, follow=True)
    assert "1 条消息已标为已读" in response.content.decode()
    assert response.redirect_chain[-1][0] == "/notifications/"
    client.post("/notifications/read/", {"notification": [second.pk, third.pk, others.pk]})
    assert [n.read_at is not None for n in Notification.objects.filter(recipient=zhang)] == [
        False,  # newest first: the fourth
        True,
        True,
        True,
    ]
    client.post("/notifications/read/", {"all": "", "next": "/notifications/?show=unread"})

    assert not Notification.objects.filter(recipient=zhang, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=others.pk).read_at is None
    assert "没有未读消息" in page_of(client, "/notifications/?show=unread")


def test_marking_nothing_says_what_to_do(client, make_user):
    zhang = make_user("zhang")
    notify([zhang], subject="消息")
    client.force_login(zhang)

    response = client.post("/notifications/read/", {"selected": ""}, follow=True)

    assert "请先勾选要标为已读的消息" in response.content.decode()
    assert Notification.objects.get().read_at is None


def test_marking_read_needs_the_forms_csrf_token(make_user):
    zhang = make_user("zhang")
    notify([zhang], subject="消息")
    client = Client(enforce_csrf_checks=True)
    client.force_login(zhang)

    response = client.post("/notifications/read/", {"all": ""})

    assert response.status_code == 403
    assert Notification.objects.get().read_at is None


def test_the_centre_is_for_signed_in_people_only(client, db):
    response = client.get("/notifications/")

    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_every_page_header_links_to_the_centre_with_the_unread_count(client, make_user):
    zhang = make_user("zhang")
    for number in range(3):
        notify([zhang], subject=f"消息{number}")
    client.force_login(zhang)

    for url in ("/", "/privacy/", "/notifications/"):
        page = page_of(client, url)
        link = '<a class="header-button" href="/notifications/" aria-label="消息：3 条未读">'
        assert link + "消息 (3)</a>" in page, url

    client.post("/notifications/read/", {"all": ""})
    page = page_of(client, "/")
    assert 'aria-label="消息：没有未读">消息</a>' in page


def test_the_menu_leads_to_the_centre(client, make_user):
    client.force_login(make_user("zhang"))

    page = page_of(client)

    assert re.search(r'<a href="/notifications/"[^>]*aria-current="page"[^>]*>消息</a>', page)


def test_the_header_count_is_one_query(make_user, django_assert_num_queries):
    zhang = make_user("zhang")
    for number in range(5):
        notify([zhang], subject=f"消息{number}")
    request = RequestFactory().get("/")
    request.user = zhang

    template = get_template("notifications/_header_link.html").template

    with django_assert_num_queries(1):  # the template alone, without the context processors
        link = template.render(Context({"request": request}))

    assert "(5)" in link


def test_the_centres_queries_do_not_grow_with_messages(client, make_user):
    zhang = make_user("zhang")
    client.force_login(zhang)

    def queries_with(count):
        Notification.objects.all().delete()
        for number in range(count):
            notify([zhang], subject=f"消息{number}", url=f"/declarations/{number}/")
        with CaptureQueriesContext(connection) as queries:
            page_of(client)
        return len(queries)

    assert queries_with(2) == queries_with(40)
