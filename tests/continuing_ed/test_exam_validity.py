from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from continuing_ed.models import ExamResult
from continuing_ed.selectors import exam_standings
from continuing_ed.services import record_exam_result, set_exam_validity
from titles.models import ExamKind, Series

COMPUTER = ExamKind.COMPUTER_APPLICATION


@pytest.fixture
def engineering(demo):
    return Series.objects.get(code="GC")


def test_a_pass_counts_for_the_years_the_series_sets_and_not_a_day_more(
    applicant, employer_hr, engineering, demo
):
    record_exam_result(
        actor=employer_hr,
        person=applicant,
        kind=COMPUTER,
        exam_date=date(2022, 5, 14),
        passed=True,
        level="Excel",
    )
    set_exam_validity(
        actor=demo["users"]["bureau"], series=engineering, exam_kind=COMPUTER, validity_years=4
    )

    standing = exam_standings(applicant, engineering, [COMPUTER])[COMPUTER]

    assert standing.valid_until == date(2026, 5, 13)
    assert standing.valid_on(date(2026, 5, 13))
    assert not standing.valid_on(date(2026, 5, 14))


def test_without_a_validity_row_a_pass_never_expires_and_a_fail_never_counts(
    applicant, employer_hr, engineering
):
    record_exam_result(
        actor=employer_hr, person=applicant, kind=COMPUTER, exam_date=date(2010, 5, 14), passed=True
    )
    record_exam_result(
        actor=employer_hr,
        person=applicant,
        kind=ExamKind.FOREIGN_LANGUAGE,
        exam_date=date(2025, 5, 14),
        passed=False,
        score=41,
    )

    standings = exam_standings(applicant, engineering, [COMPUTER, ExamKind.FOREIGN_LANGUAGE])

    assert standings[COMPUTER].valid_on(date(2040, 1, 1))
    assert standings[ExamKind.FOREIGN_LANGUAGE].result is None
    assert not standings[ExamKind.FOREIGN_LANGUAGE].valid_on(date(2025, 6, 1))


def test_the_latest_pass_is_the_one_that_counts(applicant, employer_hr, engineering, demo):
    set_exam_validity(
        actor=demo["users"]["bureau"], series=engineering, exam_kind=COMPUTER, validity_years=3
    )
    for year in (2019, 2024):
        record_exam_result(
            actor=employer_hr,
            person=applicant,
            kind=COMPUTER,
            exam_date=date(year, 3, 1),
            passed=True,
        )

    standing = exam_standings(applicant, engineering, [COMPUTER])[COMPUTER]

    assert standing.result.exam_date == date(2024, 3, 1)
    assert standing.valid_until == date(2027, 2, 28)


def test_only_the_bureau_sets_validity_and_only_certifiers_record_results(
    applicant, employer_hr, engineering, demo
):
    with pytest.raises(PermissionDenied):
        set_exam_validity(
            actor=employer_hr, series=engineering, exam_kind=COMPUTER, validity_years=2
        )
    with pytest.raises(PermissionDenied):
        record_exam_result(
            actor=demo["users"]["school_hr"],
            person=applicant,
            kind=COMPUTER,
            exam_date=date(2024, 3, 1),
            passed=True,
        )
    assert ExamResult.objects.count() == 0
