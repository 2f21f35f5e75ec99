"""Sessions end when idle or too old, and signing out, changing the password or being
deactivated ends every session and API token of the person."""

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import SecurityEvent
from accounts.session_policy import LAST_SEEN_AT, SIGNED_IN_AT
from tests.factories import PASSWORD

NEW_PASSWORD = "Another-Pass-2026!"


@pytest.fixture
def person(tree):
    return tree.company_hr


def signed_in_client(user, password=PASSWORD):
    client = Client()
    assert (
        client.post("/login/", {"username": user.username, "password": password}).status_code == 302
    )
    return client


def api_token(user, password=PASSWORD):
    response = Client().post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": password},
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()["token"]


def me(token):
    return Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")


def shift_session(client, **seconds_ago):
    session = client.session
    now = timezone.now().timestamp()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_an_idle_session_expires_and_the_sign_in_page_says_why(person, settings):
    client = signed_in_client(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    shift_session(client, **{LAST_SEEN_AT: 31 * 60})

    response = client.get("/declarations/")

    assert response.status_code == 302 and response["Location"].startswith("/login/")
    page = client.get(response["Location"])
    assert "signed out after 30 minutes without activity" in page.content.decode()
    assert SecurityEvent.objects.filter(
        user=person, kind=SecurityEvent.Kind.SESSION_EXPIRED
    ).exists()


def test_an_active_session_stays(person):
    client = signed_in_client(person)
    shift_session(client, **{LAST_SEEN_AT: 29 * 60})
    assert client.get("/declarations/").status_code == 200
    # The request counted as activity.
    assert timezone.now().timestamp() - client.session[LAST_SEEN_AT] < 5


def test_a_session_ends_at_its_lifetime_however_busy(person):
    client = signed_in_client(person)
    shift_session(client, **{SIGNED_IN_AT: 12 * 3600 + 60, LAST_SEEN_AT: 10})
    assert client.get("/declarations/")["Location"].startswith("/login/")


def test_a_password_change_ends_other_sessions_and_every_old_token(person):
    elsewhere = signed_in_client(person)
    token = api_token(person)
    here = signed_in_client(person)

    changed = here.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert changed.status_code == 302
    assert here.get("/declarations/").status_code == 200
    assert elsewhere.get("/declarations/")["Location"].startswith("/login/")
    assert me(token).status_code == 401
    assert me(api_token(person, NEW_PASSWORD)).status_code == 200


def test_signing_out_ends_every_session_and_token(person):
    elsewhere = signed_in_client(person)
    token = api_token(person)
    here = signed_in_client(person)

    here.post("/logout/")

    assert elsewhere.get("/declarations/")["Location"].startswith("/login/")
    assert me(token).status_code == 401
    assert not AuthToken.objects.filter(user=person).exists()


def test_deactivation_ends_every_session_and_token(person):
    client = signed_in_client(person)
    token = api_token(person)

    person.is_active = False
    person.save()

    assert client.get("/declarations/")["Location"].startswith("/login/")
    assert me(token).status_code == 401
    assert not AuthToken.objects.filter(user=person).exists()


def test_sign_out_everywhere_from_the_security_page(person):
    elsewhere = signed_in_client(person)
    here = signed_in_client(person)

    response = here.post("/account/sign-out-everywhere/")

    assert response["Location"] == "/login/"
    assert elsewhere.get("/declarations/")["Location"].startswith("/login/")
    assert here.get("/declarations/")["Location"].startswith("/login/")
