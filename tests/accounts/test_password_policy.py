"""The password policy (MLPS 2.0 level 3): at least 8 characters from at least three of upper
case, lower case, digits and symbols; not the username, ID number or phone; not a common
password. Every page that sets a password applies it and says why a password is refused."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role, SecurityEvent, User
from accounts.services import create_account
from tests.accounts.conftest import person_id
from tests.factories import PASSWORD, AccountFactory

GOOD = "Zx9!tree-river"


@pytest.fixture
def person(tree):
    return AccountFactory(
        username="lihua_1990",
        organization=tree.company,
        role=Role.APPLICANT,
        id_number=person_id(51),
        phone="13900001234",
    )


def change_password(client, new, old=PASSWORD):
    return client.post(
        "/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def errors_on_page(response) -> str:
    return " ".join(re.sub(r"\s+", " ", response.content.decode()).split())


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("riverstonelight", "too few kinds of character"),
        ("Ab1!xyz", "This password is too short. It must contain at least 8 characters."),
        ("lihua_1990", "The password is too similar to the username."),
        ("Lihua_1990@riverside", "The password must not contain your username."),
        ("Tel13900001234!", "The password must not contain your mobile phone number."),
        ("ID!" + person_id(51), "The password must not contain your ID document number."),
        ("P@ssw0rd", "This password is too common."),
        ("riverstone42", "use at least 3 of upper-case letters, lower-case letters, digits"),
    ],
    ids=[
        "letters-only",
        "too-short",
        "the-username",
        "contains-username",
        "contains-phone",
        "contains-id-number",
        "common",
        "two-kinds",
    ],
)
def test_a_weak_password_is_refused_with_its_reason(english, person, password, reason):
    english.force_login(person)

    response = change_password(english, password)

    assert response.status_code == 200
    assert reason in errors_on_page(response)
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_good_password_is_accepted_and_recorded(english, person):
    english.force_login(person)

    response = change_password(english, GOOD)

    assert response.status_code == 302
    assert response["Location"] == "/password/done/"
    person.refresh_from_db()
    assert person.check_password(GOOD)
    assert person.password_changed_at is not None
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PASSWORD_CHANGED)
    assert event.user == person
    # Still signed in here: only the other sessions end.
    assert english.get("/").status_code == 200


def test_the_new_password_must_differ_from_the_current_one(english, person):
    person.set_password(GOOD)
    person.save()
    english.force_login(person)

    response = change_password(english, GOOD, old=GOOD)

    assert response.status_code == 200
    assert "The new password must be different from your current one." in errors_on_page(response)


def test_the_reasons_are_in_the_persons_language(client, person):
    client.force_login(person)  # no language cookie: the product speaks Chinese first

    response = change_password(client, "P@ssw0rd")

    assert "这个密码太常见了。" in response.content.decode()


def test_the_page_lists_the_rules(english, person):
    english.force_login(person)

    page = errors_on_page(english.get("/password/"))

    assert "at least 8 characters" in page
    assert "Use at least 3 kinds of character" in page
    assert "Do not put your username, ID document number or mobile phone number in it." in page


@pytest.fixture
def invited(tree):
    """An account created for its holder, waiting for them to choose a first password."""
    return create_account(
        actor=tree.company_hr,
        organization=tree.company,
        role=Role.APPLICANT,
        id_number=person_id(52),
        username="zhaoliu",
        real_name="赵六",
        email="zhaoliu@example.test",
    )


def activation_page(client, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.get(f"/manage/activate/{uid}/{token}/")
    assert response.status_code == 302
    return response["Location"]


def test_activation_applies_the_policy(english, invited):
    form_url = activation_page(english, invited)

    weak = english.post(form_url, {"new_password1": "zhaoliu2026", "new_password2": "zhaoliu2026"})

    assert weak.status_code == 200
    assert "too few kinds of character" in errors_on_page(weak)
    invited.refresh_from_db()
    assert not invited.has_usable_password()

    good = english.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})

    assert good.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password(GOOD)
    assert invited.password_changed_at is not None
    assert not invited.must_change_password


def test_the_admin_applies_the_policy_when_adding_a_user(english, tree):
    root = User.objects.create_superuser("root", "root@example.test", GOOD)
    english.force_login(root)

    response = english.post(
        "/admin/accounts/user/add/",
        {
            "username": "newstaff",
            "real_name": "新同事",
            "id_type": "resident_id",
            "email": "newstaff@example.test",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "usable_password": "true",
            "password1": "newstaff1",
            "password2": "newstaff1",
        },
    )

    assert response.status_code == 200
    assert not User.objects.filter(username="newstaff").exists()
    assert "too few kinds of character" in errors_on_page(response)
