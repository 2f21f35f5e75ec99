"""API tokens (knox): stored hashed, expiring, listed and revoked by their owner."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import Role, SecurityEvent
from tests.factories import PASSWORD, AccountFactory


@pytest.fixture
def person(tree):
    return tree.company_hr


def new_token(user, client=None):
    response = (client or Client()).post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def get(path, token):
    return english().get(path, HTTP_AUTHORIZATION=f"Token {token}")


def test_a_token_expires_after_its_lifetime(person, settings):
    granted = new_token(person)
    expiry = timezone.datetime.fromisoformat(granted["expiry"].replace("Z", "+00:00"))
    assert timedelta(hours=7, minutes=59) < expiry - timezone.now() <= timedelta(hours=8)
    assert get("/api/v1/me/", granted["token"]).status_code == 200

    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))

    refused = get("/api/v1/me/", granted["token"])
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"


def test_the_token_table_holds_no_usable_token(person):
    token = new_token(person)["token"]

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")  # noqa: S608
        stored = [str(value) for row in cursor.fetchall() for value in row]
    assert token not in stored
    assert all(token not in value for value in stored)
    row = AuthToken.objects.get(user=person)
    # What is kept cannot be sent back as a token.
    assert get("/api/v1/me/", row.token_key).status_code == 401
    assert get("/api/v1/me/", row.digest).status_code == 401


def test_an_anonymous_call_is_told_401_and_how_to_authenticate(db):
    response = Client().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_owner_lists_and_revokes_their_tokens(person):
    first = new_token(person)["token"]
    second = new_token(person)["token"]

    listed = get("/api/v1/auth/tokens/", second).json()
    assert sorted(item["token_key"] for item in listed) == sorted([first[:15], second[:15]])
    assert all(set(item) == {"token_key", "created", "expiry"} for item in listed)

    revoked = Client().delete(
        f"/api/v1/auth/tokens/{first[:15]}/", HTTP_AUTHORIZATION=f"Token {second}"
    )
    assert revoked.status_code == 204
    assert get("/api/v1/me/", first).status_code == 401
    assert get("/api/v1/me/", second).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TOKEN_REVOKED).count() == 1
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TOKEN_CREATED).count() == 2


def test_another_persons_token_cannot_be_revoked(person):
    other = AccountFactory(
        username="qian-hr",
        organization=person.memberships.get().organization,
        role=Role.EMPLOYER_HR,
    )
    theirs = new_token(other)["token"]
    mine = new_token(person)["token"]

    response = Client().delete(
        f"/api/v1/auth/tokens/{theirs[:15]}/", HTTP_AUTHORIZATION=f"Token {mine}"
    )

    assert response.status_code == 404
    assert get("/api/v1/me/", theirs).status_code == 200


def test_the_security_page_lists_and_revokes_tokens(person, client):
    token = new_token(person)["token"]
    client.post("/login/", {"username": person.username, "password": PASSWORD})
    # Signing in on the web does not end the token: only signing out does.
    page = client.get("/account/security/")
    assert token[:8] in page.content.decode()
    assert token not in page.content.decode()

    client.post(f"/account/tokens/{token[:15]}/revoke/")

    assert get("/api/v1/me/", token).status_code == 401


def test_a_person_holds_a_limited_number_of_tokens(person, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    new_token(person)
    new_token(person)
    third = english().post(
        "/api/v1/auth/token/",
        {"username": person.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert third.status_code == 403
    assert "Revoke one" in third.json()["detail"]


def test_a_token_of_someone_whose_password_expired_is_told_to_change_it(person, settings):
    token = new_token(person)["token"]
    settings.PASSWORD_MAX_AGE_DAYS = 90
    person.password_changed_at = timezone.now() - timedelta(days=91)
    person.save(update_fields=["password_changed_at"])

    refused = get("/api/v1/me/", token)

    assert refused.status_code == 403
    assert refused.json()["code"] == "password_expired"
    assert "has expired" in refused.json()["detail"]
