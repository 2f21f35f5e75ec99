"""Password rules beyond Django's own validators."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CharacterClassValidator:
    """At least `min_classes` of: upper-case letters, lower-case letters, digits, symbols."""

    CLASSES = (
        (lambda c: c.isupper(), "upper"),
        (lambda c: c.islower(), "lower"),
        (lambda c: c in string.digits, "digit"),
        (lambda c: not c.isalnum(), "symbol"),
    )

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = sum(any(test(c) for c in password) for test, _name in self.CLASSES)
        if used < self.min_classes:
            raise ValidationError(
                _(
                    "This password uses too few kinds of character: use at least %(count)d of "
                    "upper-case letters, lower-case letters, digits and symbols."
                )
                % {"count": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return ngettext(
            "Use at least %(count)d kind of character among upper-case letters, lower-case "
            "letters, digits and symbols.",
            "Use at least %(count)d kinds of character among upper-case letters, lower-case "
            "letters, digits and symbols.",
            self.min_classes,
        ) % {"count": self.min_classes}
