"""An invalid resident ID number or credit code is refused with a clear message, in the
language the person reads the product in: Chinese by default, English after switching."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.identity_numbers import validate_credit_code, validate_resident_id
from accounts.models import Role, User
from core.encrypted_fields import matching
from tests.accounts.conftest import (
    BAD_CREDIT_CODE,
    BAD_RESIDENT_ID,
    VALID_CREDIT_CODE,
    VALID_RESIDENT_ID,
)

CHECK_DIGIT = "This ID number's check digit is wrong: please check it against the ID card."
CHECK_CHARACTER = "This unified social credit code's check character is wrong."
ID_FORMAT = "A resident ID number has 18 characters: 17 digits and a digit or X."
BIRTH_DATE = "The date of birth in this ID number (%(digits)s) is not a real date."


def chinese(message):
    with translation.override("zh-hans"):
        return gettext(message)


def test_the_published_samples_are_valid():
    validate_resident_id(VALID_RESIDENT_ID)
    validate_resident_id(VALID_RESIDENT_ID.lower())
    validate_credit_code(VALID_CREDIT_CODE)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (BAD_RESIDENT_ID, CHECK_DIGIT),
        ("11010519491231002", ID_FORMAT),
        ("01010519491231002X", ID_FORMAT),
        ("110105194902300021", BIRTH_DATE % {"digits": "19490230"}),
    ],
)
def test_a_wrong_resident_id_says_what_is_wrong(number, message):
    with pytest.raises(ValidationError) as refused:
        validate_resident_id(number)
    assert refused.value.messages == [message]


@pytest.mark.parametrize("code", [BAD_CREDIT_CODE, "91350100M000100I43", "9135"])
def test_a_wrong_credit_code_is_refused(code):
    with pytest.raises(ValidationError):
        validate_credit_code(code)


def api_create_applicant(client, tree, id_number):
    client.force_login(tree.company_hr)
    return client.post(
        "/api/v1/accounts/",
        {
            "organization": tree.company.pk,
            "role": Role.APPLICANT,
            "real_name": "李四",
            "id_number": id_number,
            "email": "lisi@example.test",
        },
        content_type="application/json",
    )


def test_api_refuses_a_bad_id_number_in_chinese_by_default(client, tree):
    response = api_create_applicant(client, tree, BAD_RESIDENT_ID)

    assert response.status_code == 400
    assert response.json()["errors"] == {"id_number": [chinese(CHECK_DIGIT)]}
    assert not User.objects.filter(matching(User, "id_number", BAD_RESIDENT_ID)).exists()


def test_api_refuses_a_bad_id_number_in_english(english, tree):
    response = api_create_applicant(english, tree, BAD_RESIDENT_ID)

    assert response.status_code == 400
    assert response.json()["errors"] == {"id_number": [CHECK_DIGIT]}


def api_create_organization(client, tree, code):
    client.force_login(tree.bureau)
    return client.post(
        "/api/v1/organizations/",
        {"parent": tree.city.pk, "name": "新单位", "kind": "enterprise", "credit_code": code},
        content_type="application/json",
    )


def test_api_refuses_a_bad_credit_code_in_chinese_by_default(client, tree):
    response = api_create_organization(client, tree, BAD_CREDIT_CODE)

    assert response.status_code == 400
    assert response.json()["errors"] == {"credit_code": [chinese(CHECK_CHARACTER)]}


def test_api_refuses_a_bad_credit_code_in_english(english, tree):
    response = api_create_organization(english, tree, BAD_CREDIT_CODE)

    assert response.status_code == 400
    assert response.json()["errors"] == {"credit_code": [CHECK_CHARACTER]}


def form_create_applicant(client, tree, id_number):
    client.force_login(tree.company_hr)
    return client.post(
        "/manage/applicants/",
        {
            "real_name": "李四",
            "id_type": "resident_id",
            "id_number": id_number,
            "phone": "13900001111",
            "email": "lisi@example.test",
        },
    )


@pytest.mark.parametrize(("language", "translate"), [("zh-hans", chinese), ("en", str)])
def test_the_applicant_form_shows_the_message_next_to_the_field(client, tree, language, translate):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = form_create_applicant(client, tree, BAD_RESIDENT_ID)

    assert response.status_code == 400
    page = response.content.decode()
    assert response.context["form"].errors["id_number"] == [translate(CHECK_DIGIT)]
    assert escape(translate(CHECK_DIGIT)) in page
    # What the person typed is still there to correct.
    assert f'value="{BAD_RESIDENT_ID}"' in page
    assert 'value="lisi@example.test"' in page
    assert not User.objects.filter(real_name="李四").exists()


@pytest.mark.parametrize(("language", "translate"), [("zh-hans", chinese), ("en", str)])
def test_the_organization_form_refuses_a_bad_credit_code(client, tree, language, translate):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(tree.bureau)
    response = client.post(
        "/manage/organizations/",
        {
            "parent": tree.city.pk,
            "kind": "enterprise",
            "name": "新单位",
            "credit_code": BAD_CREDIT_CODE,
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["credit_code"] == [translate(CHECK_CHARACTER)]
    page = response.content.decode()
    assert escape(translate(CHECK_CHARACTER)) in page
    assert f'value="{BAD_CREDIT_CODE}"' in page
    assert 'value="新单位"' in page
