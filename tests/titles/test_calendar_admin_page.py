"""The working-day calendar page: everyone signed in reads a year's holidays and make-up
working days; an administrator enters them one by one or imports the State Council's notice
as a table (which replaces the year's entries in one go), and marks the year entered, which
is what lets windows and deadlines be counted in it. Every change is in the audit chain."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from audit.models import AuditRecord
from core.spreadsheet_import import XLSX_CONTENT_TYPE
from titles.models import CalendarDay, CalendarYear
from titles.working_days import calendar_is_known, is_working_day, publicity_window

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("package_up_to_2026")]

PAGE = "/titles/calendar/2027/"
NEW_YEARS_DAY, SUN_7_FEB = date(2027, 1, 1), date(2027, 2, 7)


@pytest.fixture
def admin(english, demo):
    english.force_login(demo["users"]["admin"])
    return english


def enter(client, day, kind="holiday", name="元旦"):
    return client.post(
        f"{PAGE}days/", {"day": day.isoformat(), "kind": kind, "name": name}, follow=True
    )


def workbook(*rows, header=("日期", "休/班", "节日")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("2027年节假日安排.xlsx", data.getvalue(), XLSX_CONTENT_TYPE)


def test_anyone_signed_in_reads_the_calendar_and_an_unknown_year_is_flagged(english, demo):
    english.force_login(demo["users"]["applicant"])

    page = english.get(PAGE).content.decode()
    assert "The holidays of 2027 are not known yet" in page
    assert "Enter a holiday or a make-up working day" not in page

    known = english.get("/titles/calendar/2025/").content.decode()
    assert "28 Sep 2025" in known and "11 Oct 2025" in known  # make-up working days
    assert "not known yet" not in known


def test_the_bureau_reads_but_does_not_enter(english, demo):
    english.force_login(demo["users"]["bureau"])

    assert "Enter a holiday" not in english.get("/titles/calendar/").content.decode()
    refused = english.post(f"{PAGE}days/", {"day": "2027-01-01", "kind": "holiday"})
    assert refused.status_code == 403
    assert english.post(f"{PAGE}entered/").status_code == 403
    assert english.get(f"{PAGE}import/").status_code == 403
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()


def test_the_administrator_enters_days_then_marks_the_year_entered(admin, demo):
    page = enter(admin, NEW_YEARS_DAY).content.decode()
    assert "1 Jan 2027 is entered." in page
    enter(admin, SUN_7_FEB, kind="working_day", name="春节调休")

    page = admin.get(PAGE).content.decode()
    assert "1 Jan 2027" in page and "7 Feb 2027" in page
    # Entered days alone do not make the year known.
    assert not calendar_is_known(2027)
    assert "The holidays of 2027 are not known yet" in page

    page = admin.post(f"{PAGE}entered/", {"source": "国办发明电〔2026〕7号"}, follow=True)
    assert "The working-day calendar for 2027 is entered" in page.content.decode()
    assert calendar_is_known(2027)
    assert not is_working_day(NEW_YEARS_DAY) and is_working_day(SUN_7_FEB)
    assert publicity_window(date(2026, 12, 31), 2).end == date(2027, 1, 4)

    entered = CalendarYear.objects.get(year=2027)
    assert entered.entered_by == demo["users"]["admin"]
    assert entered.source == "国办发明电〔2026〕7号"
    page = admin.get(PAGE).content.decode()
    assert "were entered by an administrator (系统管理员" in page
    assert "Source: 国办发明电〔2026〕7号" in page
    assert list(
        AuditRecord.objects.filter(action__startswith="calendar_").values_list("action", flat=True)
    ) == ["calendar_day_set", "calendar_day_set", "calendar_year_entered"]


def test_a_year_without_any_holiday_cannot_be_marked_entered(admin):
    page = admin.post(f"{PAGE}entered/", {"source": ""}, follow=True).content.decode()

    assert "No holiday of 2027 is entered yet" in page
    assert not calendar_is_known(2027)


def test_a_date_of_another_year_is_refused_next_to_the_field(admin):
    response = admin.post(f"{PAGE}days/", {"day": "2028-01-01", "kind": "holiday"})

    assert response.status_code == 400
    assert "Enter a date in 2027 on this page." in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_an_entry_is_removed_and_the_mark_withdrawn(admin):
    enter(admin, NEW_YEARS_DAY)
    admin.post(f"{PAGE}entered/", {"source": ""})
    entry = CalendarDay.objects.get()

    admin.post(f"{PAGE}days/{entry.pk}/remove/")
    assert not CalendarDay.objects.exists()
    page = admin.post(f"{PAGE}withdraw/", follow=True).content.decode()

    assert "2027 is no longer marked as entered" in page
    assert not calendar_is_known(2027)
    assert "calendar_year_withdrawn" in AuditRecord.objects.values_list("action", flat=True)


def test_importing_the_notice_replaces_the_years_entries_and_marks_it(
    admin, django_capture_on_commit_callbacks
):
    enter(admin, date(2027, 3, 1), name="录错的日期")
    upload = workbook(
        ("2027-01-01", "休", "元旦"),
        (date(2027, 2, 8), "休", "春节"),
        ("2027年2月7日", "班", "春节"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        started = admin.post(f"{PAGE}import/", {"file": upload, "source": "国办发明电〔2026〕7号"})
    page = admin.get(started["Location"])

    assert page.context["job"].status == "succeeded"
    assert "3 rows added." in page.content.decode()
    assert list(CalendarDay.objects.values_list("date", "is_working_day", "note")) == [
        (NEW_YEARS_DAY, False, "元旦"),
        (SUN_7_FEB, True, "春节"),
        (date(2027, 2, 8), False, "春节"),
    ]
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕7号"
    assert calendar_is_known(2027) and is_working_day(SUN_7_FEB)
    assert not is_working_day(date(2027, 2, 8)) and is_working_day(date(2027, 3, 1))


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_row(
    admin, django_capture_on_commit_callbacks
):
    enter(admin, NEW_YEARS_DAY)
    upload = workbook(
        ("2027-01-01", "休", "元旦"),
        ("2028-01-01", "休", "元旦"),
        ("not a date", "休", ""),
        ("2027-01-01", "上午", ""),
    )

    with django_capture_on_commit_callbacks(execute=True):
        started = admin.post(f"{PAGE}import/", {"file": upload})
    page = admin.get(started["Location"])

    job = page.context["job"]
    assert job.status == "failed"
    assert [(error["row"], error["column"]) for error in job.errors] == [
        (3, "A · Date"),
        (4, "A · Date"),
        (5, "A · Date"),
        (5, "B · Holiday or working day"),
    ]
    html = page.content.decode()
    assert "Nothing was imported" in html and "is already on row 2" in html
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [NEW_YEARS_DAY]
    assert not CalendarYear.objects.exists()


def test_the_template_lists_the_columns(admin):
    response = admin.get("/titles/calendar/import-template/")

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["Date", "Holiday or working day", "Occasion"]
