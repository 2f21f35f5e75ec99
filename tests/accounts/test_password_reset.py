"""A forgotten password: the link is e-mailed by a task once the request commits, works once
and for PASSWORD_RESET_LINK_MINUTES, and the page never tells whether the address is known.
Setting the new password ends every other session and lifts a sign-in lockout."""

import re
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role, SecurityEvent
from accounts.passwords import forgotten_password_tokens
from accounts.services import create_account
from tests.accounts.conftest import person_id
from tests.factories import PASSWORD, AccountFactory

NEW = "Zx9!tree-river"
Kind = SecurityEvent.Kind


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # the requests of earlier tests, all from 127.0.0.1, do not count here


@pytest.fixture
def person(tree):
    return AccountFactory(
        username="sunqi",
        organization=tree.company,
        role=Role.APPLICANT,
        id_number=person_id(61),
        email="SunQi@example.test",
    )


def ask_for_link(client, email, capture):
    with capture(execute=True):
        response = client.post("/password/reset/", {"email": email})
    return response


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/password/reset/[^/\s]+/[^/\s]+/)", message.body).group(1)


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def set_new_password(client, link, password=NEW):
    form_url = client.get(link)["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_the_link_is_mailed_by_a_task_once_the_request_commits(
    english, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = english.post("/password/reset/", {"email": "sunqi@example.test"})

    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    assert len(queued) == 1 and not mail.outbox  # nothing is sent within the request

    queued[0]()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["SunQi@example.test"]
    assert message.subject == (
        "Choose a new password for your professional title evaluation account"
    )
    assert "“sunqi”" in message.body
    assert "expires in 60 minutes" in message.body
    assert link_in(message)
    event = SecurityEvent.objects.get(kind=Kind.PASSWORD_RESET_REQUESTED)
    assert event.user == person and event.ip_address == "127.0.0.1"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    english, person, django_capture_on_commit_callbacks
):
    known = ask_for_link(english, "sunqi@example.test", django_capture_on_commit_callbacks)
    known_page = without_csrf_token(english.get(known["Location"]))
    mail.outbox.clear()

    unknown = ask_for_link(english, "nobody@example.test", django_capture_on_commit_callbacks)

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert without_csrf_token(english.get(unknown["Location"])) == known_page
    assert not mail.outbox
    assert SecurityEvent.objects.filter(kind=Kind.PASSWORD_RESET_REQUESTED).count() == 1


def test_the_link_works_once(english, person, django_capture_on_commit_callbacks):
    person.must_change_password = True
    person.save(update_fields=["must_change_password"])
    ask_for_link(english, "sunqi@example.test", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    response = set_new_password(english, link)

    assert response.status_code == 302
    assert response["Location"] == "/password/reset/complete/"
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert not person.must_change_password
    assert SecurityEvent.objects.filter(kind=Kind.PASSWORD_RESET, user=person).count() == 1

    again = english.get(link)

    assert again.status_code == 200
    assert not again.context["validlink"]
    assert "This link is no longer valid" in again.content.decode()


def test_a_link_older_than_its_lifetime_is_refused(
    english, person, django_capture_on_commit_callbacks, monkeypatch
):
    ask_for_link(english, "sunqi@example.test", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    now = datetime.now()

    monkeypatch.setattr(forgotten_password_tokens, "_now", lambda: now + timedelta(minutes=59))
    assert english.get(link).status_code == 302  # still valid: on to the form

    monkeypatch.setattr(forgotten_password_tokens, "_now", lambda: now + timedelta(minutes=61))
    response = english.get(link)

    assert response.status_code == 200
    assert not response.context["validlink"]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_an_activation_link_does_not_open_the_reset_page(english, person):
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)

    response = english.get(f"/password/reset/{uid}/{token}/")

    assert response.status_code == 200
    assert not response.context["validlink"]


def test_the_reset_ends_every_other_session_and_lifts_a_lockout(
    english, person, django_capture_on_commit_callbacks
):
    elsewhere = Client()
    elsewhere.force_login(person)
    assert elsewhere.get("/").status_code == 200
    for _attempt in range(2):
        english.post("/login/", {"username": "sunqi", "password": "a wrong guess"})
    assert AccessAttempt.objects.filter(username="sunqi").exists()

    ask_for_link(english, "sunqi@example.test", django_capture_on_commit_callbacks)
    set_new_password(english, link_in(mail.outbox[0]))

    signed_out = elsewhere.get("/")
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/login/")
    assert not AccessAttempt.objects.filter(username="sunqi").exists()
    signed_in = english.post("/login/", {"username": "sunqi", "password": NEW})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"


def test_the_new_password_follows_the_policy(english, person, django_capture_on_commit_callbacks):
    ask_for_link(english, "sunqi@example.test", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    response = set_new_password(english, link, password="sunqi-password")

    assert response.status_code == 200
    assert "too few kinds of character" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_an_account_not_yet_activated_gets_its_activation_link_again(
    english, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = create_account(
            actor=tree.company_hr,
            organization=tree.company,
            role=Role.APPLICANT,
            id_number=person_id(62),
            username="zhouba",
            real_name="周八",
            email="zhouba@example.test",
        )
    mail.outbox.clear()

    ask_for_link(english, "zhouba@example.test", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    assert "/manage/activate/" in mail.outbox[0].body
    assert "/password/reset/" not in mail.outbox[0].body
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_a_deactivated_account_gets_nothing(english, person, django_capture_on_commit_callbacks):
    person.is_active = False
    person.save()

    response = ask_for_link(english, "sunqi@example.test", django_capture_on_commit_callbacks)

    assert response["Location"] == "/password/reset/sent/"
    assert not mail.outbox


def test_requests_from_one_address_are_throttled(
    english, person, django_capture_on_commit_callbacks, settings
):
    settings.PASSWORD_RESET_RATE_LIMIT = "3/h"
    for _request in range(3):
        ask_for_link(english, "someone@example.test", django_capture_on_commit_callbacks)

    response = ask_for_link(english, "sunqi@example.test", django_capture_on_commit_callbacks)

    assert response.status_code == 429
    assert "Too many requests from your address." in response.content.decode()
    assert not mail.outbox
