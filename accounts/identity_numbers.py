"""Check digits of Chinese identity numbers: the resident ID (GB 11643-1999) and the unified
social credit code of organizations (GB 32100-2015)."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
RESIDENT_ID_CHECK = "10X98765432"
RESIDENT_ID_PATTERN = re.compile(r"^[1-9]\d{5}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$")

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CREDIT_CODE_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def resident_id_check_digit(first17: str) -> str:
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, RESIDENT_ID_WEIGHTS, strict=True)
    )
    return RESIDENT_ID_CHECK[total % 11]


def validate_resident_id(value: str) -> None:
    number = (value or "").strip().upper()
    match = RESIDENT_ID_PATTERN.match(number)
    if not match:
        raise ValidationError(
            _("A resident ID number has 18 characters: 17 digits and a digit or X."),
            code="resident_id_format",
        )
    year, month, day = (int(part) for part in match.groups())
    try:
        born = date(year, month, day)
    except ValueError:
        born = None
    if born is None or year < 1900 or born > date.today():
        raise ValidationError(
            _("The date of birth in this ID number (%(digits)s) is not a real date."),
            code="resident_id_birth_date",
            params={"digits": number[6:14]},
        )
    if resident_id_check_digit(number[:17]) != number[17]:
        raise ValidationError(
            _("This ID number's check digit is wrong: please check it against the ID card."),
            code="resident_id_check_digit",
        )


def credit_code_check_character(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = (value or "").strip().upper()
    if not CREDIT_CODE_PATTERN.match(code):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "other than I, O, S, V and Z."
            ),
            code="credit_code_format",
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _("This unified social credit code's check character is wrong."),
            code="credit_code_check_character",
        )
