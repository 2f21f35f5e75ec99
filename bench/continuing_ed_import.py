"""Benchmark: a valid 10,000-row Excel import of continuing-education hours.

    .venv/bin/python bench/continuing_ed_import.py [rows]

Builds a throwaway test database on whatever DATABASE_URL points at (SQLite by default),
creates 1,000 engineers in one unit, writes the workbook in memory, then times the import
alone (reading, checking every row, saving) and prints the seconds."""

import io
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from bench.throwaway import organization, staff_member, throwaway_database  # noqa: E402

PEOPLE = 1000


def build_people():
    from accounts.models import Membership, Organization, Role, User
    from fixtures.demo_cycle import resident_id

    province = organization("基准省人社厅", Organization.Kind.PROVINCE_BUREAU, 1)
    unit = organization("基准工程公司", Organization.Kind.ENTERPRISE, 2, parent=province)
    hr = staff_member(
        unit, Role.EMPLOYER_HR, username="bench-hr", real_name="人事", email="hr@bench.example"
    )
    people = User.objects.bulk_create(
        User(
            username=f"bench{n}",
            real_name=f"工程师{n}",
            email=f"bench{n}@bench.example",
            id_number=resident_id("630101", date(1980 + n % 20, 1 + n % 12, 1 + n % 28), n % 1000),
            password="!",  # noqa: S106 - unusable password
        )
        for n in range(PEOPLE)
    )
    Membership.objects.bulk_create(
        Membership(user=person, organization=unit, role=Role.APPLICANT) for person in people
    )
    return hr, people


def workbook(people, rows: int) -> io.BytesIO:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["header"])
    for n in range(rows):
        person = people[n % len(people)]
        sheet.append(
            [
                person.id_number,
                person.real_name,
                2025,
                f"专业课程 {n % 40}",
                "课程",
                "专业科目" if n % 3 else "公需科目",
                "基准培训中心",
                "3.5",
                date(2025, 3, 1),
                date(2025, 3, 2 + n % 20),
                f"BENCH-{n:06d}",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with throwaway_database():
        from continuing_ed.hours_import import import_credit_hours
        from continuing_ed.models import CreditHourRecord

        hr, people = build_people()
        upload = workbook(people, rows)
        started = time.perf_counter()
        batch = import_credit_hours(actor=hr, upload=upload, file_name="bench.xlsx")
        seconds = time.perf_counter() - started
        saved = CreditHourRecord.objects.filter(import_batch=batch).count()
        assert saved == rows, f"{saved} of {rows} rows saved"
        print(f"{connection.vendor}: imported {rows} rows in {seconds:.2f} s")


if __name__ == "__main__":
    main()
