"""What the hours and exam imports share beyond the spreadsheet kit (core.spreadsheet_import):
turning cells into values, and finding the people rows name in a handful of queries whatever
the number of rows."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from continuing_ed.permissions import Certifier
from core.encrypted_fields import matching_any
from core.spreadsheet_import import cell_text, data_rows, open_sheet

# IN lists stay below every database's parameter limit.
QUERY_CHUNK = 5000


def read_rows(upload, column_count: int) -> list[tuple[int, tuple]]:
    """(row number, cells) for every non-empty data row of the first sheet."""
    with open_sheet(upload) as sheet:
        return data_rows(sheet.iter_rows(min_row=2, values_only=True), column_count)


def cell_id_number(value) -> str:
    if isinstance(value, float) and value >= 1e15:
        raise ValidationError(
            _(
                "The ID number was stored as a number and lost its last digits; format the "
                "column as text and type it again."
            )
        )
    return cell_text(value).upper()


def cell_date(value) -> date:
    """A date cell, or text such as 2025-03-01, 2025/3/1 or 2025.03.01."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        raise ValidationError(_("missing"))
    for separator in ("-", "/", "."):
        parts = text.split(separator)
        if len(parts) == 3 and all(part.isdigit() for part in parts):
            try:
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                break
    raise ValidationError(_("not a date"))


def cell_int(value) -> int:
    if isinstance(value, bool):
        raise ValidationError(_("not a whole number"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    if not text.isdigit():
        raise ValidationError(_("not a whole number"))
    return int(text)


def choice_lookup(choices, synonyms: dict[str, str]) -> dict[str, str]:
    """Accepted spellings of a choice (its value, its labels in every language, and common
    Chinese names), lower-cased, to the stored value."""
    lookup = {key.lower(): value for key, value in synonyms.items()}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                lookup[str(label).strip().lower()] = value
    for value, _label in choices:
        lookup[value.lower()] = value
    return lookup


def choice_value(lookup: dict[str, str], value) -> str | None:
    return lookup.get(cell_text(value).lower())


class PeopleInScope:
    """The people an importer may record for, found by ID number in bulk. A number outside
    the importer's units reads as unknown, so the import does not reveal who exists."""

    def __init__(self, actor: User, id_numbers):
        self.certifier = Certifier(actor)
        self.actor = actor
        numbers = sorted({number.upper() for number in id_numbers if number})
        people = {}
        for start in range(0, len(numbers), QUERY_CHUNK):
            chunk = numbers[start : start + QUERY_CHUNK]
            # ID numbers are encrypted: found by their digests (core/encrypted_fields.py).
            in_chunk = matching_any(User, "id_number", chunk)
            for person in User.objects.filter(in_chunk).only("pk", "id_number", "real_name"):
                people.setdefault(person.id_number, []).append(person)
        units = {}
        person_ids = [person.pk for group in people.values() for person in group]
        for start in range(0, len(person_ids), QUERY_CHUNK):
            memberships = Membership.objects.filter(
                user_id__in=person_ids[start : start + QUERY_CHUNK],
                role=Role.APPLICANT,
                is_active=True,
            ).select_related("organization")
            for membership in memberships:
                units.setdefault(membership.user_id, []).append(membership.organization)
        self._people = people
        self._units = units
        self._resolved = {}

    def resolve(self, id_number: str):
        """(person, deciding organization), or raise ValidationError with the reason."""
        id_number = id_number.upper()
        if id_number not in self._resolved:
            self._resolved[id_number] = self._resolve(id_number)
        outcome = self._resolved[id_number]
        if isinstance(outcome, ValidationError):
            raise outcome
        return outcome

    def _resolve(self, id_number):
        candidates = self._people.get(id_number, [])
        allowed = []
        for person in candidates:
            if person.pk == self.actor.pk:
                continue
            organization = self.certifier.organization_for(self._units.get(person.pk, []))
            if organization is not None or self.actor.is_superuser:
                allowed.append((person, organization))
        if not allowed:
            return ValidationError(
                _("No one with ID number %(number)s works in a unit you certify for.")
                % {"number": id_number}
            )
        if len(allowed) > 1:
            return ValidationError(
                _("Several people have ID number %(number)s.") % {"number": id_number}
            )
        return allowed[0]


def certificate_numbers_taken(model, numbers) -> set[str]:
    numbers = sorted({number for number in numbers if number})
    taken = set()
    for start in range(0, len(numbers), QUERY_CHUNK):
        taken.update(
            model.objects.filter(
                certificate_number__in=numbers[start : start + QUERY_CHUNK]
            ).values_list("certificate_number", flat=True)
        )
    return taken


def certificate_number_problems(
    certificate_number: str, row: int, first_row_of: dict, taken: set
) -> list[str]:
    """What is wrong with a row's certificate number: too long, repeating an earlier row of
    the file (recorded in `first_row_of`), or already in the database (`taken`)."""
    if len(certificate_number) > 64:
        return [_("The certificate number is longer than 64 characters.")]
    if not certificate_number:
        return []
    problems = []
    if certificate_number in first_row_of:
        problems.append(
            _("Certificate number %(number)s repeats row %(row)d.")
            % {"number": certificate_number, "row": first_row_of[certificate_number]}
        )
    else:
        first_row_of[certificate_number] = row
    if certificate_number in taken:
        problems.append(
            _("Certificate number %(number)s is already recorded.") % {"number": certificate_number}
        )
    return problems


def row_person(people: PeopleInScope, row: dict, reasons: list) -> tuple:
    """(person, organization) that a row's ID number names among `people`, (None, None) when
    it names nobody; every problem, a name that is not the holder's too, goes onto `reasons`."""
    person = organization = None
    id_number = ""
    try:
        id_number = cell_id_number(row["id_number"])
    except ValidationError as error:
        reasons.extend(error.messages)
    if not id_number:
        if not reasons:
            reasons.append(_("The ID document number is missing."))
    else:
        try:
            person, organization = people.resolve(id_number)
        except ValidationError as error:
            reasons.extend(error.messages)
    name = cell_text(row["name"])
    if person is not None and name and name != person.real_name:
        reasons.append(
            _("The name %(name)s does not match the holder of this ID number.") % {"name": name}
        )
    return person, organization
