"""Excel plumbing shared by the hours and exam imports: the downloadable template, reading an
uploaded file, turning cells into values, and finding the people rows name in a handful of
queries whatever the number of rows."""

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import Membership, Role, User
from config.spreadsheets import looks_like_formula
from continuing_ed.selectors import Certifier

# IN lists stay below every database's parameter limit.
QUERY_CHUNK = 5000


@dataclass(frozen=True)
class RowError:
    row: int  # the row number Excel shows
    reasons: tuple[str, ...]


class ImportRejected(Exception):
    """The file had bad rows; nothing was saved."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # lazy translation
    width: int = 16
    choices: tuple[str, ...] = ()  # offered as a drop-down in the template
    text: bool = False  # formatted as text, so that Excel keeps every digit of an ID number


def safe_text(value):
    """A user's text written to a cell must never become a formula."""
    if looks_like_formula(value):
        return "'" + value
    return value


def write_template(columns: list[Column], notes: list[str]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Data"))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
        if column.choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{settings.BULK_IMPORT_MAX_ROWS + 1}")
            sheet.data_validations.append(validation)
    sheet.append([str(column.header) for column in columns])
    instructions = workbook.create_sheet(_("Instructions"))
    instructions.column_dimensions["A"].width = 100
    for note in notes:
        instructions.append([safe_text(str(note))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_rows(upload, column_count: int) -> list[tuple[int, tuple]]:
    """(row number, cells) for every non-empty data row of the first sheet."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise ValidationError(_("This is not an Excel (.xlsx) file.")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            cells = tuple(cells[:column_count]) + (None,) * (column_count - len(cells))
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            rows.append((number, cells))
            if len(rows) > settings.BULK_IMPORT_MAX_ROWS:
                raise ValidationError(
                    _("A file may hold at most %(count)d rows.")
                    % {"count": settings.BULK_IMPORT_MAX_ROWS}
                )
    finally:
        workbook.close()
    if not rows:
        raise ValidationError(_("The file has no data rows below the header."))
    return rows


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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
            for person in User.objects.filter(id_number__in=chunk).only(
                "pk", "id_number", "real_name"
            ):
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
