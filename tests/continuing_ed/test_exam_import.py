from datetime import date

import pytest

from continuing_ed.exam_import import import_exam_results
from continuing_ed.models import ExamResult
from core.spreadsheet_import import ImportRejected

from .conftest import reasons_by_row, workbook_bytes


def test_exam_results_import_all_or_nothing(applicant, employer_hr):
    good = [
        applicant.id_number,
        "张伟",
        "计算机应用能力考试",
        "Word 2016",
        date(2024, 6, 2),
        82,
        "是",
        "JSJ-001",
    ]
    rows = [
        good,
        [applicant.id_number, "", "foreign_language", "B", "2024-13-01", "abc", "也许", "JSJ-001"],
        [applicant.id_number, "李四", "钢琴", "", date(2024, 6, 2), 60, "否", ""],
    ]

    with pytest.raises(ImportRejected) as rejected:
        import_exam_results(actor=employer_hr, upload=workbook_bytes(rows))

    reasons = reasons_by_row(rejected.value)
    assert sorted(reasons) == [3, 4]
    assert "Exam date: not a date" in reasons[3]
    assert "Score abc is not a number" in reasons[3]
    assert "Passed must be yes or no" in reasons[3]
    assert "repeats row 2" in reasons[3]
    assert "李四 does not match" in reasons[4]
    assert "Unknown exam 钢琴" in reasons[4]
    assert ExamResult.objects.count() == 0

    batch = import_exam_results(actor=employer_hr, upload=workbook_bytes([good]))
    result = ExamResult.objects.get(import_batch=batch)
    assert (result.kind, result.passed, result.level) == ("computer_application", True, "Word 2016")
    assert result.person == applicant


def test_the_exam_import_page_runs_the_import_as_a_job_and_shows_its_result(
    client, applicant, employer_hr, django_capture_on_commit_callbacks
):
    row = [
        applicant.id_number,
        "张伟",
        "计算机应用能力考试",
        "Excel",
        date(2024, 6, 2),
        75,
        "是",
        "",
    ]
    client.force_login(employer_hr)

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/continuing-education/imports/exams/", {"file": workbook_bytes([row])}
        )

    page = client.get(started["Location"])
    assert page.context["job"].status == "succeeded"
    assert "The import is saved" in page.content.decode()
    assert "1 row added." in page.content.decode()
    assert ExamResult.objects.get().person == applicant
