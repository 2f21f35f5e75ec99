"""Credit-hour decisions join the audit chain: a claim certified or rejected, a course
completion confirmed, an import of certified hours, each with the person who decided, the
role and organization they decided for, and why."""

import io
from datetime import date

from openpyxl import Workbook

from accounts.models import Role
from audit.selectors import records_about
from continuing_ed import services
from continuing_ed.hours_import import import_credit_hours
from continuing_ed.models import CreditHourRecord

from .conftest import assert_chain_verifies


def claim(person, certificate_number):
    return services.claim_hours(
        person=person,
        year=2025,
        activity="公路桥梁养护新技术",
        subject_kind="professional",
        hours="12.5",
        ended_on=date(2025, 9, 12),
        certificate_number=certificate_number,
    )


def test_certifying_and_rejecting_claims_are_recorded(users, new_records):
    applicant, hr = users["applicant"], users["employer"]
    enterprise = hr.memberships.get().organization
    certified = services.certify_hours(actor=hr, record=claim(applicant, "JT-2025-0042"))
    rejected = services.reject_hours(
        actor=hr, record=claim(applicant, "JT-2025-0043"), reason="证书编号查无此证"
    )

    first, second = new_records()
    assert (first.action, first.actor, first.role, first.organization) == (
        "certify_hours",
        hr,
        Role.EMPLOYER_HR,
        enterprise,
    )
    assert (first.from_state, first.to_state) == ("claimed", "certified")
    assert first.payload["hours"] == "12.5"
    assert list(records_about(certified)) == [first]
    assert (second.action, second.actor, second.reason, second.to_state) == (
        "reject_hours",
        hr,
        "证书编号查无此证",
        "rejected",
    )
    assert list(records_about(rejected)) == [second]
    assert_chain_verifies()


def test_the_bureau_certifies_under_its_own_role_and_organization(users, new_records):
    bureau = users["bureau"]
    services.certify_hours(actor=bureau, record=claim(users["applicant"], "JT-2025-0044"))

    [record] = new_records()
    assert (record.actor, record.role, record.organization) == (
        bureau,
        Role.HR_BUREAU,
        bureau.memberships.get().organization,
    )


def test_a_confirmed_import_is_one_decision_naming_its_batch(users, new_records):
    applicant, hr = users["applicant"], users["employer"]
    upload = workbook(
        [
            applicant.id_number,
            applicant.real_name,
            2025,
            "BIM 应用",
            "培训",
            "专业科目",
            "示范省建设培训中心",
            "2",
            date(2025, 1, 1),
            date(2025, 5, 20),
            f"ZS-{n}",
        ]
        for n in range(3)
    )

    batch = import_credit_hours(actor=hr, upload=upload, file_name="hours.xlsx")

    assert CreditHourRecord.objects.filter(import_batch=batch).count() == 3
    [record] = new_records()
    assert (record.action, record.actor, record.role, record.organization) == (
        "import_hours",
        hr,
        Role.EMPLOYER_HR,
        hr.memberships.get().organization,
    )
    assert record.payload == {"file_name": "hours.xlsx", "rows": 3}
    assert list(records_about(batch)) == [record]
    assert_chain_verifies()


def workbook(rows):
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["header"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "hours.xlsx"
    return buffer
