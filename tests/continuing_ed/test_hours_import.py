from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from continuing_ed.hours_import import hours_template, import_credit_hours
from continuing_ed.models import CreditHourRecord, ImportBatch
from core.spreadsheet_import import ImportRejected
from jobs.models import Job
from tests.factories import AccountFactory

from .conftest import reasons_by_row, workbook_bytes


@pytest.fixture
def staff(demo, employer_hr):
    """Five engineers of the transport group, whose HR imports their hours."""
    enterprise = employer_hr.memberships.get().organization
    return AccountFactory.create_batch(5, actor=employer_hr, organization=enterprise, password=None)


def row(person, hours="2", certificate="", year=2025, ended=date(2025, 5, 20), kind="专业科目"):
    return [
        person.id_number,
        person.real_name,
        year,
        "BIM 应用",
        "培训",
        kind,
        "示范省建设培训中心",
        hours,
        date(year, 1, 1) if year else None,
        ended,
        certificate,
    ]


def test_a_10000_row_file_with_one_bad_row_saves_nothing_and_names_that_row(employer_hr, staff):
    rows = [row(staff[n % 5], certificate=f"ZS-{n:05d}") for n in range(10_000)]
    rows[6_789][7] = "-3"  # negative hours on spreadsheet row 6,791 (after the header)

    with pytest.raises(ImportRejected) as rejected:
        import_credit_hours(actor=employer_hr, upload=workbook_bytes(rows))

    assert list(reasons_by_row(rejected.value)) == [6_791]
    assert "more than zero" in reasons_by_row(rejected.value)[6_791]
    assert CreditHourRecord.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_every_bad_row_is_listed_with_every_reason(employer_hr, staff, certified_hours):
    existing = certified_hours(staff[0], 2024, "10")
    existing.certificate_number = "OLD-1"
    existing.save(update_fields=["certificate_number"])
    rows = [
        row(staff[0], certificate="A-1"),
        [
            "110101199001011237",
            "陌生人",
            2025,
            "课程",
            "",
            "专业科目",
            "",
            "2",
            None,
            date(2025, 3, 1),
            "",
        ],
        row(staff[1], hours="abc"),
        row(staff[2], ended=date(2024, 12, 31)),
        row(staff[3], certificate="A-1"),
        row(staff[4], certificate="OLD-1"),
        row(staff[1], hours="-1", kind="休闲"),
    ]

    with pytest.raises(ImportRejected) as rejected:
        import_credit_hours(actor=employer_hr, upload=workbook_bytes(rows))

    reasons = reasons_by_row(rejected.value)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "110101199001011237" in reasons[3]
    assert "must be a number" in reasons[4]
    assert "outside 2025" in reasons[5]
    assert "repeats row 2" in reasons[6]
    assert "already recorded" in reasons[7]
    assert "more than zero" in reasons[8] and "休闲" in reasons[8]
    assert CreditHourRecord.objects.filter(import_batch__isnull=False).count() == 0


def test_people_outside_the_importers_units_read_as_unknown(demo, staff):
    hospital_hr = demo["users"]["hospital_hr"]

    with pytest.raises(ImportRejected) as rejected:
        import_credit_hours(actor=hospital_hr, upload=workbook_bytes([row(staff[0])]))

    assert "works in a unit you certify for" in rejected.value.problems[0].reason


def test_a_valid_file_lands_as_certified_hours_in_a_few_queries(employer_hr, staff):
    rows = [row(staff[n % 5], hours="1.5", certificate=f"Q-{n}") for n in range(300)]

    with CaptureQueriesContext(connection) as queries:
        batch = import_credit_hours(
            actor=employer_hr, upload=workbook_bytes(rows), file_name="hours.xlsx"
        )

    # The records are written in one INSERT, or on SQLite in as many as its limit on query
    # parameters needs; everything else takes a fixed few.
    fields = CreditHourRecord._meta.concrete_fields
    per_insert = connection.ops.bulk_batch_size(fields, [None] * 300)
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "continuing_ed_credithour')]
    assert len(inserts) == -(-300 // per_insert)
    assert len(queries) - len(inserts) <= 19

    assert batch.row_count == 300
    records = CreditHourRecord.objects.filter(import_batch=batch)
    assert records.count() == 300
    record = records.get(certificate_number="Q-7")
    assert record.person == staff[2]
    assert record.hours == Decimal("1.5")
    assert record.status == CreditHourRecord.Status.CERTIFIED
    assert record.decided_by == employer_hr
    assert record.deciding_organization == employer_hr.memberships.get().organization


def test_the_template_is_a_workbook_with_the_expected_columns(demo):
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(hours_template()))
    header = [cell.value for cell in workbook.worksheets[0][1]]

    assert len(header) == 11
    assert header[0] == "身份证件号码" or header[0] == "ID document number"


def test_a_file_that_is_not_excel_is_refused(employer_hr):
    import io

    with pytest.raises(ImportRejected) as rejected:
        import_credit_hours(actor=employer_hr, upload=io.BytesIO(b"id,hours\n1,2\n"))
    [problem] = rejected.value.problems
    assert problem.row is None and "not an Excel workbook" in problem.reason


def test_the_hours_import_page_saves_a_good_file_through_a_job(
    client, employer_hr, staff, django_capture_on_commit_callbacks
):
    rows = [row(staff[n % 5], certificate=f"P-{n}") for n in range(12)]
    client.force_login(employer_hr)

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/continuing-education/imports/hours/", {"file": workbook_bytes(rows)}
        )

    page = client.get(started["Location"])
    job = page.context["job"]
    assert (job.status, job.total, job.done) == ("succeeded", 12, 12)
    assert "12 rows added." in page.content.decode()
    batch = ImportBatch.objects.get()
    assert (batch.row_count, batch.file_name) == (12, "upload.xlsx")
    assert CreditHourRecord.objects.filter(import_batch=batch).count() == 12


def test_the_hours_import_page_refuses_a_file_over_the_size_limit(client, employer_hr, settings):
    settings.BULK_IMPORT_MAX_FILE_BYTES = 100
    client.force_login(employer_hr)

    response = client.post(
        "/continuing-education/imports/hours/", {"file": workbook_bytes([["x"] * 11])}
    )

    assert response.status_code == 400
    assert "is larger than 100" in response.content.decode()
    assert not Job.objects.exists()
