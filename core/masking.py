"""Masks for a person's ID document number and phone number: what pages, API lists and
exports show of them unless the task needs the whole number (PIPL: the least that serves).

One place for every mask: the template filters (core/templatetags/masking.py) and the
serializer fields below call these functions, and so do the exports.

- An ID number keeps its first three and last four characters, the rest starred, its length
  kept: 630102198001012004 → 630***********2004. Shorter numbers (passports, permits) keep
  less: the first character and the last three or four, or only the last two; a number of
  four characters or fewer is all stars.
- A phone number keeps the first three and last four of its digits when it has eleven or more
  (a mainland mobile: 139****1234), only the last two to four otherwise; spaces, dashes and a
  leading + stay where they are.
- A username that is (or looks like) an ID number is masked as one: an account created
  without a username is named after its holder's ID number."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MASK = "*"
# Said to whoever puts a whole ID number into a search sent in the address (GET).
ID_NUMBER_IN_ADDRESS = _(
    "To find someone by ID number, use the ID number search, sent by POST: an ID number is "
    "never put in an address, where browsers and servers keep it."
)
# A mainland resident ID (18 characters, the last a digit or X) or its old 15-digit form.
_RESIDENT_ID_SHAPE = re.compile(r"^(\d{17}[\dX]|\d{15})$")


def _kept(length: int) -> tuple[int, int]:
    """How many characters an ID number of `length` keeps at its start and at its end."""
    if length >= 15:
        return 3, 4
    if length >= 12:
        return 1, 4
    if length >= 8:
        return 1, 3
    if length >= 5:
        return 0, 2
    return 0, 0


def mask_id_number(value) -> str:
    """`630102198001012004` → `630***********2004`; "" stays ""."""
    value = "".join(str(value or "").split())
    if not value:
        return ""
    head, tail = _kept(len(value))
    hidden = len(value) - head - tail
    return value[:head] + MASK * hidden + (value[len(value) - tail :] if tail else "")


def mask_phone(value) -> str:
    """`13912341234` → `139****1234`; only digits are starred, separators kept."""
    value = str(value or "").strip()
    positions = [index for index, character in enumerate(value) if character.isdigit()]
    count = len(positions)
    if not count:
        return MASK * len(value) if value else ""
    if count >= 11:
        head, tail = 3, 4
    elif count >= 8:
        head, tail = 0, 4
    elif count >= 5:
        head, tail = 0, 2
    else:
        head, tail = 0, 0
    shown = set(positions[:head]) | set(positions[count - tail :] if tail else ())
    return "".join(
        MASK if character.isdigit() and index not in shown else character
        for index, character in enumerate(value)
    )


def looks_like_id_number(value) -> bool:
    """Whether a search text or username has the shape of a mainland resident ID number."""
    return bool(_RESIDENT_ID_SHAPE.match("".join(str(value or "").split()).upper()))


def mask_username(username, id_number="") -> str:
    """The username, masked like an ID number when it is the holder's ID number or has its
    shape (the default username of an account created without one)."""
    username = str(username or "")
    same = bool(id_number) and username.strip().upper() == str(id_number).strip().upper()
    return mask_id_number(username) if same or looks_like_id_number(username) else username


# --- serializer fields --------------------------------------------------------------------


def _owner_id(instance, path: str):
    """The user id found at the dotted `path` of `instance` ("pk", "holder_id")."""
    value = instance
    for name in path.split("."):
        if value is None:
            return None
        if isinstance(value, dict):
            value = value.get("id" if name == "pk" and "pk" not in value else name)
        else:
            value = getattr(value, name, None)
    return value


class _MaskedField(serializers.CharField):
    """A read-only text masked for every reader but the person it belongs to: the user whose
    id is at `owner` of the serialized object ("pk" for a user, "holder_id" for a
    certificate). The whole value goes only through an explicit, recorded reveal."""

    def __init__(self, *, owner: str = "pk", **kwargs):
        self.owner = owner
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        own = (
            user is not None
            and user.is_authenticated
            and _owner_id(instance, self.owner) == user.pk
        )
        return value if own else self.masked(value, instance)

    def masked(self, value, instance) -> str:
        raise NotImplementedError

    def to_representation(self, value):
        return "" if value is None else str(value)


@extend_schema_field(OpenApiTypes.STR)
class MaskedIdNumberField(_MaskedField):
    """An ID document number, `630***********2004` unless it is the reader's own."""

    def masked(self, value, instance) -> str:
        return mask_id_number(value)


@extend_schema_field(OpenApiTypes.STR)
class MaskedPhoneField(_MaskedField):
    """A phone number, `139****1234` unless it is the reader's own."""

    def masked(self, value, instance) -> str:
        return mask_phone(value)


@extend_schema_field(OpenApiTypes.STR)
class MaskedUsernameField(_MaskedField):
    """A username, masked like an ID number when it is one, unless it is the reader's own."""

    def __init__(self, *, id_number_source: str = "id_number", **kwargs):
        self.id_number_source = id_number_source
        super().__init__(**kwargs)

    def masked(self, value, instance) -> str:
        return mask_username(value, _owner_id(instance, self.id_number_source) or "")
