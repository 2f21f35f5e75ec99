"""The one masking of ID document numbers and phone numbers (core/masking.py), as the pages'
template filters and the API's serializer fields show it."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from rest_framework import serializers

from core.masking import (
    MaskedIdNumberField,
    MaskedPhoneField,
    MaskedUsernameField,
    looks_like_id_number,
    mask_id_number,
    mask_phone,
    mask_username,
)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("630102198001012004", "630***********2004"),
        ("11010519491231002X", "110***********002X"),
        ("110105491231002", "110********1002"),  # the old 15-digit resident ID
        ("G12345678901", "G*******8901"),  # 12 characters: first one, last four
        ("E12345678", "E*****678"),  # a passport: first one, last three
        ("H1234567", "H****567"),
        ("1234567", "*****67"),  # short: only the last two
        ("12345", "***45"),
        ("1234", "****"),
        ("X", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_an_id_number_keeps_its_length_and_only_its_ends(number, masked):
    assert mask_id_number(number) == masked
    if number:
        assert len(mask_id_number(number)) == len(number)


def test_spaces_typed_inside_a_number_do_not_leak_a_digit():
    assert mask_id_number(" 630102 198001012004 ") == "630***********2004"


def test_at_least_half_of_any_id_number_is_hidden():
    for length in range(1, 33):
        masked = mask_id_number("7" * length)
        assert masked.count("*") * 2 >= length, masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13912341234", "139****1234"),
        ("139 1234 1234", "139 **** 1234"),
        ("+86 139 1234 1234", "+86 1** **** 1234"),
        ("0971-6123456", "097*-***3456"),
        ("61234567", "****4567"),
        ("6123456", "*****56"),
        ("1234", "****"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_phone_number_keeps_only_its_ends(phone, masked):
    assert mask_phone(phone) == masked


def test_a_username_is_masked_when_it_is_an_id_number():
    number = "630102198001012004"
    assert mask_username(number, number) == "630***********2004"
    assert mask_username(number.lower(), number) == "630***********2004"
    assert mask_username("11010519491231002X") == "110***********002X"  # its shape alone
    assert mask_username("zhangwei", number) == "zhangwei"
    assert looks_like_id_number("11010519491231002x")
    assert not looks_like_id_number("zhangwei") and not looks_like_id_number("1391234123")


def test_the_template_filters_mask_what_pages_show():
    user = SimpleNamespace(username="630102198001012004", id_number="630102198001012004")
    rendered = Template(
        "{% load masking %}{{ n|masked_id }} {{ p|masked_phone }} {{ u|masked_username }}"
    ).render(Context({"n": "630102198001012004", "p": "13912341234", "u": user}))
    assert rendered == "630***********2004 139****1234 630***********2004"


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = MaskedUsernameField()
    id_number = MaskedIdNumberField()
    phone = MaskedPhoneField()


class CertificateLike(serializers.Serializer):
    id_number = MaskedIdNumberField(owner="holder_id")


def _request(pk):
    return SimpleNamespace(user=SimpleNamespace(pk=pk, is_authenticated=True))


PERSON = {
    "id": 7,
    "username": "630102198001012004",
    "id_number": "630102198001012004",
    "phone": "13912341234",
}


def test_the_api_fields_mask_another_persons_numbers():
    data = PersonSerializer(PERSON, context={"request": _request(8)}).data
    assert data == {
        "id": 7,
        "username": "630***********2004",
        "id_number": "630***********2004",
        "phone": "139****1234",
    }


def test_the_api_fields_show_a_person_their_own_numbers():
    data = PersonSerializer(PERSON, context={"request": _request(7)}).data
    assert data == PERSON


def test_without_a_request_the_api_fields_mask():
    assert PersonSerializer(PERSON).data["id_number"] == "630***********2004"


def test_the_owner_of_a_certificate_is_its_holder():
    certificate = SimpleNamespace(holder_id=7, id_number="630102198001012004")
    assert CertificateLike(certificate, context={"request": _request(7)}).data == {
        "id_number": "630102198001012004"
    }
    assert CertificateLike(certificate, context={"request": _request(8)}).data == {
        "id_number": "630***********2004"
    }
