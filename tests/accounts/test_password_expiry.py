"""When a signed-in person must first choose a new password: it is older than
PASSWORD_MAX_AGE_DAYS, or someone else set it. Every page leads to the change form, which
says which; the API answers 403 with the reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role, User
from tests.accounts.conftest import person_id
from tests.factories import PASSWORD, AccountFactory

NEW = "Zx9!tree-river"
EXPIRED_NOTICE = "Your password is more than 90 days old and has expired."
SET_BY_SOMEONE_NOTICE = "Your account was set up for you with a starting password."


@pytest.fixture
def person(tree):
    return AccountFactory(
        username="wujiu",
        organization=tree.company,
        role=Role.APPLICANT,
        id_number=person_id(71),
    )


def password_aged(user, days):
    User.objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=days)
    )


def change_password(client):
    return client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )


def test_an_expired_password_leads_every_page_to_the_change_form(english, person, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    password_aged(person, 91)
    english.force_login(person)

    response = english.get("/declarations/", follow=True)

    assert response.redirect_chain == [("/password/", 302)]
    page = response.content.decode()
    assert EXPIRED_NOTICE in page
    assert SET_BY_SOMEONE_NOTICE not in page
    assert ">Cancel<" not in page


def test_the_api_answers_403_with_the_reason(english, person, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    password_aged(person, 91)
    english.force_login(person)

    response = english.get("/api/v1/me/")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Your password is more than 90 days old and has expired. Change it on the "
        "password page, then use the API again.",
        "code": "password_expired",
        "errors": {},
    }


def test_after_the_change_pages_and_the_api_work_again(english, person, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    password_aged(person, 91)
    english.force_login(person)

    response = change_password(english)

    assert response.status_code == 302
    assert response["Location"] == "/password/done/"
    assert english.get("/").status_code == 200
    assert english.get("/api/v1/me/").status_code == 200


def test_a_password_within_its_age_is_left_alone(english, person, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    password_aged(person, 89)
    english.force_login(person)

    assert english.get("/").status_code == 200


def test_without_a_maximum_age_an_old_password_is_left_alone(english, person, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    password_aged(person, 3650)
    english.force_login(person)

    assert english.get("/").status_code == 200


def test_a_password_never_changed_counts_from_the_day_the_account_was_made(
    english, person, settings
):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=person.pk).update(
        password_changed_at=None, date_joined=timezone.now() - timedelta(days=120)
    )
    english.force_login(person)

    assert english.get("/")["Location"] == "/password/"


def test_a_password_set_by_someone_else_is_the_reason_given(english, tree):
    created = AccountFactory(
        actor=tree.company_hr,
        username="zhengshi",
        organization=tree.company,
        role=Role.APPLICANT,
        id_number=person_id(72),
    )
    assert created.must_change_password
    english.force_login(created)

    page = english.get("/", follow=True).content.decode()
    api = english.get("/api/v1/me/")

    assert SET_BY_SOMEONE_NOTICE in page and EXPIRED_NOTICE not in page
    assert api.status_code == 403
    assert api.json()["code"] == "password_change_required"


def test_a_user_added_in_the_admin_with_a_password_must_change_it(english, tree):
    root = User.objects.create_superuser("root", "root@example.test", NEW)
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
            "password1": "Kq7#lantern-hill",
            "password2": "Kq7#lantern-hill",
        },
    )

    assert response.status_code == 302
    added = User.objects.get(username="newstaff")
    assert added.must_change_password
    assert added.password_changed_at is not None


def test_a_user_added_in_the_admin_without_a_password_waits_for_activation(english, tree):
    root = User.objects.create_superuser("root", "root@example.test", NEW)
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
            "usable_password": "false",
        },
    )

    assert response.status_code == 302
    added = User.objects.get(username="newstaff")
    assert not added.has_usable_password()
    assert not added.must_change_password
