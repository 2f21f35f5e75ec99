"""Bulk import of exam results from Excel, on the same all-or-nothing terms as the hours."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from continuing_ed.models import ExamResult, ImportBatch
from continuing_ed.services import save_import
from continuing_ed.workbooks import (
    PeopleInScope,
    cell_date,
    cell_text,
    certificate_number_problems,
    certificate_numbers_taken,
    choice_lookup,
    choice_value,
    read_rows,
    row_person,
)
from core.spreadsheet_import import Column, ImportRejected, RowProblem, write_template
from jobs.progress import SILENT
from titles.models import ExamKind

COLUMNS = [
    Column("id_number", gettext_lazy("ID document number"), 22, text=True),
    Column("name", gettext_lazy("Name"), 12),
    Column(
        "kind", gettext_lazy("Exam"), 20, choices=("计算机应用能力考试", "外语考试", "专业理论考试")
    ),
    Column("level", gettext_lazy("Level or module"), 16, text=True),
    Column("exam_date", gettext_lazy("Exam date"), 12),
    Column("score", gettext_lazy("Score"), 8),
    Column("passed", gettext_lazy("Passed"), 8, choices=("是", "否")),
    Column("certificate_number", gettext_lazy("Certificate number"), 22, text=True),
]
KEYS = [column.key for column in COLUMNS]

KIND_SYNONYMS = {
    "计算机应用能力考试": ExamKind.COMPUTER_APPLICATION,
    "计算机应用能力": ExamKind.COMPUTER_APPLICATION,
    "计算机": ExamKind.COMPUTER_APPLICATION,
    "外语考试": ExamKind.FOREIGN_LANGUAGE,
    "职称外语": ExamKind.FOREIGN_LANGUAGE,
    "外语": ExamKind.FOREIGN_LANGUAGE,
    "专业理论考试": ExamKind.PROFESSIONAL_THEORY,
    "专业理论": ExamKind.PROFESSIONAL_THEORY,
}
PASSED_WORDS = {
    "是": True,
    "合格": True,
    "通过": True,
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "否": False,
    "不合格": False,
    "未通过": False,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}


def exams_template() -> bytes:
    return write_template(
        COLUMNS,
        title=_("Data"),
        notes=[
            _("One row per exam result; the first row is the header and is not imported."),
            _("ID document number: the person's ID number as recorded in their account."),
            _("Name: optional; when given it must match the holder of the ID number."),
            _("Exam: computer application, foreign language or professional theory."),
            _("Exam date: an Excel date or text such as 2025-03-01, not in the future."),
            _("Score: optional, a number from 0 to 999. Passed: yes or no."),
            _(
                "Certificate number: optional; when given it must not repeat in the file or in "
                "results already imported."
            ),
            _("A file with any bad row is not imported at all; the answer lists every bad row."),
        ],
    )


def _parse_score(value) -> Decimal | None:
    text = cell_text(value)
    if not text:
        return None
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Score %(value)s is not a number.") % {"value": text}) from None
    if not score.is_finite() or score < 0 or score > 999 or score != score.quantize(Decimal("0.1")):
        raise ValidationError(
            _("Score %(value)s must be from 0 to 999 with at most one decimal place.")
            % {"value": text}
        )
    return score


def import_exam_results(*, actor, upload, file_name: str = "", progress=SILENT) -> ImportBatch:
    """Like import_credit_hours: every row checked (reporting to `progress`), then all saved
    or none."""
    rows = read_rows(upload, len(COLUMNS))
    progress.set_total(len(rows))
    people = PeopleInScope(actor, (cell_text(cells[KEYS.index("id_number")]) for _n, cells in rows))
    taken = certificate_numbers_taken(
        ExamResult, [cell_text(cells[KEYS.index("certificate_number")]) for _n, cells in rows]
    )
    kinds = choice_lookup(ExamKind.choices, KIND_SYNONYMS)
    today = timezone.localdate()

    errors, results, first_row_of = [], [], {}
    for number, cells in rows:
        reasons = []
        row = dict(zip(KEYS, cells, strict=True))

        person, _organization = row_person(people, row, reasons)

        kind = choice_value(kinds, row["kind"])
        if kind is None:
            reasons.append(_("Unknown exam %(value)s.") % {"value": cell_text(row["kind"]) or "—"})
        level = cell_text(row["level"])
        if len(level) > 64:
            reasons.append(_("The level is longer than 64 characters."))

        exam_date = None
        try:
            exam_date = cell_date(row["exam_date"])
        except ValidationError as error:
            reasons.append(_("Exam date: %(problem)s") % {"problem": error.messages[0]})
        if exam_date is not None and exam_date > today:
            reasons.append(_("The exam date is in the future."))

        score = None
        try:
            score = _parse_score(row["score"])
        except ValidationError as error:
            reasons.extend(error.messages)

        passed = (
            row["passed"]
            if isinstance(row["passed"], bool)
            else PASSED_WORDS.get(cell_text(row["passed"]).lower())
        )
        if passed is None:
            reasons.append(
                _("Passed must be yes or no, not %(value)s.")
                % {"value": cell_text(row["passed"]) or "—"}
            )

        certificate_number = cell_text(row["certificate_number"])
        reasons.extend(certificate_number_problems(certificate_number, number, first_row_of, taken))

        progress.advance()
        if reasons:
            errors.extend(RowProblem(reason, row=number) for reason in reasons)
        elif not errors:
            results.append(
                ExamResult(
                    person=person,
                    kind=kind,
                    level=level,
                    exam_date=exam_date,
                    score=score,
                    passed=passed,
                    certificate_number=certificate_number,
                    recorded_by=actor,
                )
            )
    if errors:
        raise ImportRejected(errors)
    return save_import(
        actor=actor,
        kind=ImportBatch.Kind.EXAMS,
        file_name=file_name,
        rows=results,
        progress=progress,
    )
