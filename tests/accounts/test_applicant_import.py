"""An employer HR imports applicant accounts from the Excel template: a file with any bad row
imports nothing and answers every bad row with its column and the reason; a good file
creates everyone and e-mails each an activation link."""

from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.models import IdType, Membership, Role, User
from accounts.services import import_applicants
from core.spreadsheet_import import ImportRejected
from jobs.models import Job
from tests.accounts.conftest import BAD_RESIDENT_ID, applicant_row, person_id, xlsx_upload

CHECK_DIGIT = "This ID number's check digit is wrong: please check it against the ID card."


def test_the_template_has_bilingual_headers_and_text_columns(client, tree):
    client.force_login(tree.company_hr)

    response = client.get("/manage/applicants/import/template/")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert headers[0] == "姓名\nReal name"
    assert headers[2] == "证件号码\nID number"
    assert headers[5].startswith("用户名") and "Username" in headers[5]
    assert workbook.worksheets[0].column_dimensions["C"].number_format == "@"
    assert client.get("/api/v1/accounts/import-template/").content[:2] == b"PK"


def test_a_good_file_creates_everyone_and_sends_activation_links(
    tree, django_capture_on_commit_callbacks
):
    rows = [
        applicant_row(1),
        applicant_row(2, username="lisi", id_type="Passport", id_number="E1234567"),
        applicant_row(3, id_type="resident_id", id_number=person_id(103).lower()),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        created = import_applicants(
            actor=tree.company_hr, organization=tree.company, file=xlsx_upload(rows)
        )

    assert [user.id_number for user in created] == [person_id(101), "E1234567", person_id(103)]
    # Without a username a generated one, never the ID number; "lisi" chose hers.
    assert created[1].username == "lisi"
    assert {created[0].username, created[2].username}.isdisjoint({person_id(101), person_id(103)})
    assert User.objects.get(username="lisi").id_type == IdType.PASSPORT
    assert set(Membership.objects.filter(user__in=created).values_list("organization", "role")) == {
        (tree.company.pk, Role.APPLICANT)
    }
    assert not any(User.objects.get(pk=user.pk).has_usable_password() for user in created)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "person1@example.test",
        "person2@example.test",
        "person3@example.test",
    ]
    assert all("/manage/activate/" in message.body for message in mail.outbox)


def rejected(tree, rows):
    with pytest.raises(ImportRejected) as raised:
        import_applicants(actor=tree.company_hr, organization=tree.company, file=xlsx_upload(rows))
    return [(error.row, error.column, error.field, error.reason) for error in raised.value.problems]


def test_one_bad_row_saves_nothing_and_is_reported_with_its_column_and_reason(tree):
    rows = [applicant_row(1), applicant_row(2, id_number=BAD_RESIDENT_ID), applicant_row(3)]
    before = User.objects.count()

    assert rejected(tree, rows) == [(3, "C", "id_number", CHECK_DIGIT)]
    assert User.objects.count() == before
    assert not mail.outbox


def test_every_bad_row_is_reported_at_once(tree):
    rows = [
        applicant_row(1, real_name=""),
        applicant_row(2, email="not-an-address"),
        applicant_row(3, id_type="Driving licence"),
        applicant_row(4, id_number=person_id(101)),
        applicant_row(5, id_number=person_id(1)),
        applicant_row(6, username="company_hr"),
        applicant_row(7, id_number=""),
    ]

    errors = rejected(tree, rows)

    assert [(row, column, field) for row, column, field, _reason in errors] == [
        (2, "A", "real_name"),
        (3, "E", "email"),
        (4, "B", "id_type"),
        (5, "C", "id_number"),
        (6, "C", "id_number"),
        (7, "F", "username"),
        (8, "C", "id_number"),
    ]
    reasons = dict(((row, field), reason) for row, _column, field, reason in errors)
    assert reasons[(5, "id_number")] == "The same ID document number is on row 2."
    assert reasons[(6, "id_number")] == "An account with this ID document number already exists."
    assert reasons[(7, "username")] == "This username is already taken."
    assert reasons[(8, "id_number")] == "An applicant's ID document number is required."
    assert not User.objects.filter(real_name__startswith="申报人").exists()


def test_a_file_over_the_row_limit_is_refused(tree, settings):
    settings.BULK_IMPORT_MAX_ROWS = 2

    errors = rejected(tree, [applicant_row(1), applicant_row(2), applicant_row(3)])

    assert errors == [(4, "", "", "The file has more than 2 rows: import at most 2 at a time.")]


def test_something_other_than_a_workbook_is_refused(tree):
    upload = SimpleUploadedFile("applicants.xlsx", b"name,id\n", content_type="text/csv")

    with pytest.raises(ImportRejected) as raised:
        import_applicants(actor=tree.company_hr, organization=tree.company, file=upload)

    assert raised.value.problems[0].row is None
    assert "not an Excel workbook" in raised.value.problems[0].reason


def test_numbers_typed_as_numbers_are_read_as_text(tree):
    # Excel stores a phone number typed without the template's text format as a number.
    upload = xlsx_upload([applicant_row(1, phone=13900001234, id_type="")])

    created = import_applicants(actor=tree.company_hr, organization=tree.company, file=upload)

    assert created[0].phone == "13900001234"


def test_an_employer_hr_imports_only_into_its_own_unit(tree):
    with pytest.raises(PermissionDenied):
        import_applicants(
            actor=tree.company_hr, organization=tree.hospital, file=xlsx_upload([applicant_row(1)])
        )


def test_the_import_page_lists_every_bad_row_and_saves_nothing(
    client, tree, django_capture_on_commit_callbacks
):
    client.force_login(tree.company_hr)
    upload = xlsx_upload([applicant_row(1), applicant_row(2, id_number=BAD_RESIDENT_ID)])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/manage/applicants/import/", {"file": upload})

    assert response.status_code == 302
    assert response["Location"].startswith("/jobs/")
    result = client.get(response["Location"])
    page = result.content.decode()
    with translation.override("zh-hans"):
        assert gettext("Nothing was imported") in page
        assert f"C · {gettext('ID number')}" in page
    assert '<td class="numeric">3</td>' in page
    assert User.objects.filter(real_name__startswith="申报人").count() == 0


def test_the_import_page_summarizes_a_good_import(client, tree, django_capture_on_commit_callbacks):
    client.force_login(tree.company_hr)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/manage/applicants/import/",
            {"file": xlsx_upload([applicant_row(1), applicant_row(2)])},
        )

    result = client.get(response["Location"])
    assert result.status_code == 200
    assert result.context["job"].result["created"] == 2
    page = result.content.decode()
    assert "申报人1" in page and "申报人2" in page
    assert set(
        Membership.objects.filter(organization=tree.company, role=Role.APPLICANT).values_list(
            "user__real_name", flat=True
        )
    ) >= {"申报人1", "申报人2"}
    assert len(mail.outbox) == 2


def test_the_import_page_refuses_a_file_that_is_not_a_workbook_before_keeping_it(english, tree):
    english.force_login(tree.company_hr)
    upload = SimpleUploadedFile("applicants.csv", b"name,id\n", content_type="text/csv")

    response = english.post("/manage/applicants/import/", {"file": upload})

    assert response.status_code == 400
    assert "This file is not an Excel workbook (.xlsx)" in response.content.decode()
    assert not Job.objects.exists()


def test_the_api_answers_every_bad_row(english, tree):
    english.force_login(tree.company_hr)
    upload = xlsx_upload([applicant_row(1), applicant_row(2, id_number=BAD_RESIDENT_ID)])

    response = english.post("/api/v1/accounts/import/", {"file": upload})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Nothing was imported: correct these rows and upload the file again.",
        "code": "import_rejected",
        "errors": {"C3": [CHECK_DIGIT]},
    }
    assert not User.objects.filter(real_name__startswith="申报人").exists()


def test_the_api_imports_into_the_callers_unit(client, tree, django_capture_on_commit_callbacks):
    client.force_login(tree.company_hr)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/accounts/import/", {"file": xlsx_upload([applicant_row(1), applicant_row(2)])}
        )

    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 2
    assert Membership.objects.filter(organization=tree.company, role=Role.APPLICANT).count() == 3
    assert len(mail.outbox) == 2


def test_the_api_does_not_import_into_a_strangers_unit(client, tree):
    client.force_login(tree.company_hr)

    response = client.post(
        "/api/v1/accounts/import/",
        {"file": xlsx_upload([applicant_row(1)]), "organization": tree.other_company.pk},
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["organization"]
