"""The second factor (TOTP): staff must enrol and give a code before any page past the
password when the setting requires it; others may enrol; backup codes work once; the token
endpoint asks for the code; an administrator can remove a lost one."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, SecurityEvent
from tests.factories import PASSWORD, AccountFactory

Kind = SecurityEvent.Kind


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def bureau(tree):
    return tree.bureau


@pytest.fixture
def applicant(tree):
    return tree.applicant


def sign_in(client, user):
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    device.refresh_from_db()
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"
    )


def wait_out_the_throttle(user):
    """As if the person waited: wrong codes block even the right one for 1, 2, 4 … seconds."""
    past = timezone.now() - timedelta(hours=1)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_timestamp=past)


def enrol(client, user):
    client.get("/account/second-factor/setup/")
    device = TOTPDevice.objects.get(user=user)
    page = client.post("/account/second-factor/setup/", {"code": current_code(device)})
    assert page.status_code == 200
    return device, page.context["codes"]


@pytest.mark.parametrize(
    "path", ["/", "/declarations/", "/account/security/", "/admin/", "/statistics/"]
)
def test_staff_reach_nothing_past_the_password_without_enrolling(client, bureau, required, path):
    sign_in(client, bureau)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/second-factor/setup/?next=")


def test_the_api_with_an_unverified_session_is_refused(client, bureau, required):
    sign_in(client, bureau)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_enrolment_shows_a_qr_code_then_backup_codes_once(client, bureau, required):
    sign_in(client, bureau)
    page = client.get("/account/second-factor/setup/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and page.context["secret"] in html
    # Reloading keeps the same secret, so a half-finished enrolment is not broken.
    assert client.get("/account/second-factor/setup/").context["secret"] == page.context["secret"]

    wrong = client.post("/account/second-factor/setup/", {"code": "000000"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(user=bureau, confirmed=True).exists()
    wait_out_the_throttle(bureau)

    device, codes = enrol(client, bureau)

    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert SecurityEvent.objects.filter(user=bureau, kind=Kind.SECOND_FACTOR_ENROLLED).exists()


def test_signing_in_again_asks_for_the_code(client, bureau, required):
    client.cookies["django_language"] = "en"
    sign_in(client, bureau)
    device, _codes = enrol(client, bureau)
    client.post("/logout/")

    sign_in(client, bureau)
    blocked = client.get("/declarations/")
    assert blocked["Location"].startswith("/account/second-factor/?next=")

    wrong = client.post("/account/second-factor/", {"code": "123456", "next": "/declarations/"})
    assert wrong.status_code == 400
    assert "not right" in wrong.content.decode() or "不正确" in wrong.content.decode()
    assert client.get("/declarations/").status_code == 302

    throttled = client.post(
        "/account/second-factor/", {"code": current_code(device, 1), "next": "/declarations/"}
    )
    assert throttled.status_code == 400
    assert "wait" in throttled.context["form"].errors["code"][0]
    wait_out_the_throttle(bureau)

    # The enrolment code was used at step t; the authenticator's next code is accepted.
    right = client.post(
        "/account/second-factor/", {"code": current_code(device, 1), "next": "/declarations/"}
    )
    assert right.status_code == 302 and right["Location"] == "/declarations/"
    assert client.get("/declarations/").status_code == 200


def test_a_backup_code_signs_in_once(client, bureau, required):
    sign_in(client, bureau)
    _device, codes = enrol(client, bureau)
    client.post("/logout/")

    sign_in(client, bureau)
    assert client.post("/account/second-factor/", {"code": codes[0]}).status_code == 302
    assert StaticToken.objects.filter(device__user=bureau).count() == 9
    client.post("/logout/")

    sign_in(client, bureau)
    assert client.post("/account/second-factor/", {"code": codes[0]}).status_code == 400


def test_an_applicant_is_not_asked_but_may_enrol(client, applicant, required):
    sign_in(client, applicant)
    assert client.get("/").status_code == 200

    enrol(client, applicant)
    client.post("/logout/")
    sign_in(client, applicant)
    assert client.get("/")["Location"].startswith("/account/second-factor/?next=")


def test_a_setting_requires_it_for_any_role(client, applicant, required, settings):
    settings.SECOND_FACTOR_REQUIRED_ROLES = ["applicant"]
    sign_in(client, applicant)
    assert client.get("/")["Location"].startswith("/account/second-factor/setup/")


def test_the_demo_setting_leaves_staff_free(client, bureau, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    sign_in(client, bureau)
    assert client.get("/").status_code == 200


def test_the_token_endpoint_wants_the_code(client, bureau, required):
    client.cookies["django_language"] = "en"

    def ask(**extra):
        return client.post(
            "/api/v1/auth/token/",
            {"username": bureau.username, "password": PASSWORD, **extra},
            content_type="application/json",
        )

    not_enrolled = ask()
    assert not_enrolled.status_code == 403
    assert "second factor" in not_enrolled.json()["detail"]

    sign_in(client, bureau)
    device, _codes = enrol(client, bureau)
    client.post("/logout/")

    assert ask().json()["errors"]["otp_token"] == [
        "This account has a second factor: send its current code."
    ]
    assert ask(otp_token="000000").status_code == 400
    wait_out_the_throttle(bureau)
    granted = ask(otp_token=current_code(device, 1))
    assert granted.status_code == 200
    assert (
        client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {granted.json()['token']}").status_code
        == 200
    )


def test_an_administrator_removes_a_lost_second_factor(client, bureau, required):
    sign_in(client, bureau)
    enrol(client, bureau)
    client.post("/logout/")

    admin = AccountFactory(
        username="root", organization=bureau.memberships.get().organization.parent, role=Role.ADMIN
    )
    admin.is_staff = admin.is_superuser = True
    admin.save()
    admin_client = type(client)()
    sign_in(admin_client, admin)
    # The administrator passes their own second factor first.
    enrol(admin_client, admin)

    admin_client.post(
        "/admin/accounts/user/",
        {"action": "remove_second_factor_action", "_selected_action": [bureau.pk]},
    )

    assert not TOTPDevice.objects.filter(user=bureau).exists()
    removed = SecurityEvent.objects.get(kind=Kind.SECOND_FACTOR_REMOVED)
    assert removed.user == bureau and removed.actor == admin
    sign_in(client, bureau)
    assert client.get("/")["Location"].startswith("/account/second-factor/setup/")


def test_a_person_not_required_removes_their_own(client, applicant, required):
    sign_in(client, applicant)
    enrol(client, applicant)
    client.post("/account/second-factor/remove/")
    assert not TOTPDevice.objects.filter(user=applicant).exists()


def test_a_person_required_cannot_remove_their_own(client, bureau, required):
    sign_in(client, bureau)
    enrol(client, bureau)
    client.post("/account/second-factor/remove/")
    assert TOTPDevice.objects.filter(user=bureau, confirmed=True).exists()


def test_an_unverified_session_cannot_enrol_a_new_authenticator_instead(client, bureau, required):
    sign_in(client, bureau)
    enrol(client, bureau)
    client.post("/logout/")
    sign_in(client, bureau)

    response = client.get("/account/second-factor/setup/")

    assert response["Location"] == "/account/second-factor/"
    assert TOTPDevice.objects.filter(user=bureau).count() == 1


def test_pages_cost_no_query_for_the_second_factor(client, applicant):
    sign_in(client, applicant)
    client.get("/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not [q for q in queries.captured_queries if "otp_" in q["sql"]]
