"""Sign-in throttling (django-axes) on every way in: the sign-in page, the API token endpoint
and the Django admin. Five failures for an account or from an address lock it for the
cool-off; the right password is refused meanwhile, and the refusal says so."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from accounts.models import Role, SecurityEvent
from tests.factories import PASSWORD, AccountFactory

Kind = SecurityEvent.Kind
WRONG = "Wrong-Password-1"


@pytest.fixture
def person(tree):
    return tree.company_hr


@pytest.fixture
def admin_person(tree):
    user = AccountFactory(username="root-admin", organization=tree.province, role=Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def sign_in_page(client, username, password, address="198.51.100.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def token_endpoint(client, username, password, address="198.51.100.1"):
    return client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def admin_login(client, username, password, address="198.51.100.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def signed_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


def cool_off_passes():
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))


def test_the_sixth_attempt_on_the_sign_in_page_is_refused_even_with_the_right_password(
    client, person
):
    for _ in range(4):
        assert sign_in_page(client, person.username, WRONG).status_code == 200
    # The fifth failure is answered with the lockout already.
    assert sign_in_page(client, person.username, WRONG).status_code == 429

    refused = sign_in_page(client, person.username, PASSWORD)

    assert refused.status_code == 429
    assert not signed_in(refused)
    text = refused.content.decode()
    assert "登录失败次数过多" in text or "Too many failed sign-ins" in text
    assert refused["Retry-After"] == str(15 * 60)

    cool_off_passes()
    assert sign_in_page(client, person.username, PASSWORD).status_code == 302


def test_the_lockout_message_is_in_the_users_language(client, person):
    client.cookies["django_language"] = "en"
    for _ in range(5):
        sign_in_page(client, person.username, WRONG)
    refused = sign_in_page(client, person.username, PASSWORD)
    assert "Too many failed sign-ins for this account or from this address" in (
        refused.content.decode()
    )
    assert "15 minutes after the last attempt" in refused.content.decode()

    client.cookies["django_language"] = "zh-hans"
    chinese = sign_in_page(client, person.username, PASSWORD)
    assert chinese.status_code == 429
    assert "登录失败次数过多" in chinese.content.decode()


def test_the_token_endpoint_locks_out_the_same_way(client, person):
    client.cookies["django_language"] = "en"
    for _ in range(4):
        assert token_endpoint(client, person.username, WRONG).status_code == 400
    assert token_endpoint(client, person.username, WRONG).status_code == 429

    refused = token_endpoint(client, person.username, PASSWORD)

    assert refused.status_code == 429
    assert refused.json()["code"] == "locked_out"
    assert "Too many failed sign-ins" in refused.json()["detail"]
    assert "token" not in refused.json()

    cool_off_passes()
    assert token_endpoint(client, person.username, PASSWORD).status_code == 200


def test_failures_on_the_page_and_the_api_count_together(client, person):
    for _ in range(3):
        sign_in_page(client, person.username, WRONG)
    for _ in range(2):
        token_endpoint(client, person.username, WRONG)

    assert sign_in_page(client, person.username, PASSWORD).status_code == 429


def test_the_admin_sign_in_locks_out_too(client, admin_person):
    for _ in range(5):
        admin_login(client, "root-admin", WRONG)

    refused = admin_login(client, "root-admin", PASSWORD)

    assert refused.status_code == 429
    assert not signed_in(refused)
    assert "Too many failed sign-ins" in refused.content.decode() or "登录失败次数过多" in (
        refused.content.decode()
    )


def test_a_guess_spread_over_many_addresses_still_locks_the_account(client, person):
    for number in range(5):
        sign_in_page(client, person.username, WRONG, address=f"203.0.113.{number + 1}")

    refused = sign_in_page(client, person.username, PASSWORD, address="203.0.113.200")

    assert refused.status_code == 429
    assert not signed_in(refused)


def test_one_address_guessing_many_accounts_is_locked_out(client, tree):
    for number in range(6):
        AccountFactory(username=f"victim{number}", organization=tree.company)
    for number in range(5):
        sign_in_page(client, f"victim{number}", WRONG, address="192.0.2.66")

    assert sign_in_page(client, "victim5", PASSWORD, address="192.0.2.66").status_code == 429
    assert sign_in_page(client, "victim5", PASSWORD, address="192.0.2.67").status_code == 302


def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address(client, person):
    for number in range(5):
        client.post(
            "/login/",
            {"username": f"nobody{number}", "password": WRONG},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )

    refused = client.post(
        "/login/",
        {"username": person.username, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="10.0.0.99",
    )
    assert refused.status_code == 429


def test_behind_a_proxy_the_configured_header_names_the_client(client, person, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for number in range(5):
        client.post(
            "/login/",
            {"username": f"nobody{number}", "password": WRONG},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_REAL_IP="198.51.100.77",
        )

    # Another client behind the same proxy is not locked out by the first one's guesses.
    other = client.post(
        "/login/",
        {"username": person.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="198.51.100.78",
    )
    assert other.status_code == 302
    event = SecurityEvent.objects.filter(kind=Kind.SIGN_IN_FAILED).first()
    assert event.ip_address == "198.51.100.77"


def test_failures_lockouts_and_sign_ins_are_security_events(client, person):
    assert sign_in_page(client, person.username, PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(5):
        sign_in_page(client, person.username, WRONG, address="198.51.100.9")

    kinds = list(
        SecurityEvent.objects.filter(username=person.username)
        .order_by("at", "pk")
        .values_list("kind", flat=True)
    )
    assert kinds[:2] == [Kind.SIGNED_IN, Kind.SIGNED_OUT]
    assert kinds.count(Kind.SIGN_IN_FAILED) == 5
    assert kinds.count(Kind.LOCKED_OUT) == 1
    failure = SecurityEvent.objects.filter(kind=Kind.SIGN_IN_FAILED).first()
    assert failure.user == person
    assert failure.ip_address == "198.51.100.9"
    assert failure.channel == SecurityEvent.Channel.PAGE


def test_an_administrator_unlocks_an_account_from_the_admin(client, person, admin_person):
    for _ in range(5):
        sign_in_page(client, person.username, WRONG)
    assert sign_in_page(client, person.username, PASSWORD).status_code == 429

    admin = type(client)()
    admin.force_login(admin_person)
    from django_otp import DEVICE_ID_SESSION_KEY  # noqa: F401  (admin is not enrolled here)

    done = admin.post(
        "/admin/accounts/user/",
        {"action": "unlock_sign_in_action", "_selected_action": [person.pk]},
        follow=True,
    )
    assert done.status_code == 200

    assert sign_in_page(client, person.username, PASSWORD).status_code == 302
    unlocked = SecurityEvent.objects.get(kind=Kind.UNLOCKED)
    assert unlocked.user == person and unlocked.actor == admin_person


def test_guessing_with_an_id_number_locks_out_and_stores_no_number(client, tree):
    from axes.models import AccessAttempt

    holder = tree.applicant
    for _ in range(5):
        sign_in_page(client, holder.id_number, WRONG)

    refused = sign_in_page(client, holder.id_number, PASSWORD)

    assert refused.status_code == 429
    stored = [
        value
        for row in AccessAttempt.objects.values_list("username", "get_data", "post_data")
        for value in row
    ] + list(SecurityEvent.objects.values_list("username", flat=True))
    assert not [value for value in stored if holder.id_number in (value or "")]
    # Five wrong passwords, and the refused sixth attempt.
    assert SecurityEvent.objects.filter(kind=Kind.SIGN_IN_FAILED, user=holder).count() == 6
