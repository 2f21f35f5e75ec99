"""Messages are written in each recipient's language, whoever sends them and whatever
language the sender's page is in; the language follows the person's language switch and the
language chosen before signing in, and signing in brings it to a browser that never chose
one. Writing per language keeps one insert for all."""

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.language import remember_language
from applicants.models import Declaration
from notifications.models import Notification
from notifications.services import Message, notify, notify_each
from tests.applicants.conftest import World, _only_declaration_checks  # noqa: F401
from tests.factories import PASSWORD


def test_each_recipient_reads_the_message_in_their_own_language(make_user):
    chinese, english = make_user("zhang"), make_user("smith", language="en")

    with translation.override("zh-hans"):  # the sender works in Chinese
        notify(
            [chinese, english],
            subject=lambda: _("Your erasure request was refused"),
            body=lambda: (
                _("The bureau refused your request to erase your data: %(reason)s")
                % {"reason": "评审进行中"}
            ),
        )

    to_chinese = Notification.objects.get(recipient=chinese)
    to_english = Notification.objects.get(recipient=english)
    with translation.override("zh-hans"):
        assert to_chinese.subject == _("Your erasure request was refused") != to_english.subject
    assert to_english.subject == "Your erasure request was refused"
    assert to_english.body == "The bureau refused your request to erase your data: 评审进行中"


def test_a_declarations_move_tells_the_unit_in_its_language(demo):
    world = World(demo)
    remember_language(world.employer, "en")
    declaration = world.create()

    with translation.override("zh-hans"):
        world.advance(declaration, Declaration.Status.SUBMITTED)

    message = Notification.objects.get(recipient=world.employer)
    assert "declaration: Submitted" in message.subject
    assert "Declaration of" in message.body


def test_the_email_is_in_the_recipients_language(make_user, django_capture_on_commit_callbacks):
    english = make_user("smith", email="smith@example.test", language="en")

    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        notify([english], subject=lambda: _("Your re-examination request has been answered"))

    assert [message.subject for message in mail.outbox] == [
        "Your re-examination request has been answered"
    ]


def test_one_insert_for_many_recipients_in_both_languages(make_user):
    people = [make_user(f"p{n}", language="en" if n % 2 else "zh-hans") for n in range(6)]

    def queries_for(recipients):
        messages = [
            Message(
                tuple(recipients),
                subject=lambda: _("Review meeting approved: %(name)s") % {"name": "评审会"},
            ),
            Message(tuple(recipients[:2]), subject=lambda: _("Messages")),
        ]
        with CaptureQueriesContext(connection) as queries:
            notify_each(messages)
        return len(queries)

    # One insert of the messages, one of the e-mail task waiting for the commit.
    assert queries_for(people[:1]) == queries_for(people) == 2
    with translation.override("zh-hans"):
        in_chinese = _("Review meeting approved: %(name)s") % {"name": "评审会"}
    chinese, english = people[:2]
    assert set(chinese.notifications.values_list("subject", flat=True)) == {in_chinese, "消息"}
    assert set(english.notifications.values_list("subject", flat=True)) == {
        "Review meeting approved: 评审会",
        "Messages",
    }


def test_the_language_switch_is_remembered_for_the_persons_messages(client, make_user):
    zhang = make_user("zhang")
    client.force_login(zhang)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    zhang.refresh_from_db()
    assert zhang.preferred_language == "en"

    client.post("/i18n/setlang/", {"language": "klingon", "next": "/"})
    zhang.refresh_from_db()
    assert zhang.preferred_language == "en"

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    zhang.refresh_from_db()
    assert zhang.preferred_language == "zh-hans"


def test_the_language_chosen_before_signing_in_is_remembered(make_user):
    zhang = make_user("zhang")
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})

    response = client.post("/login/", {"username": "zhang", "password": PASSWORD})

    assert response.wsgi_request.user.is_authenticated
    zhang.refresh_from_db()
    assert zhang.preferred_language == "en"


def test_people_read_chinese_until_they_choose(make_user):
    assert make_user("zhang").preferred_language == "zh-hans"


def test_signing_in_on_a_new_browser_brings_the_persons_language(make_user):
    make_user("zhang", language="en")
    client = Client()

    client.post("/login/", {"username": "zhang", "password": PASSWORD})
    home = client.get("/")

    assert client.cookies["django_language"].value == "en"
    assert home.status_code == 200 and '<html lang="en"' in home.content.decode()


def test_a_language_chosen_on_the_browser_wins_over_the_stored_one(make_user):
    zhang = make_user("zhang", language="en")
    client = Client()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})

    client.post("/login/", {"username": "zhang", "password": PASSWORD})

    assert client.cookies["django_language"].value == "zh-hans"
    zhang.refresh_from_db()
    assert zhang.preferred_language == "zh-hans"
