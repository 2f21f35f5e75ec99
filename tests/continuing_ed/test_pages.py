import re
from datetime import date

import pytest

from continuing_ed.models import CreditHourRecord, SubjectKind

from .conftest import workbook_bytes


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_a_person_sees_a_bar_per_year_against_the_requirement_and_their_exams(
    signed_in, applicant, certified_hours
):
    certified_hours(applicant, 2024, "60")
    certified_hours(applicant, 2024, "30", SubjectKind.GENERAL)
    certified_hours(applicant, 2025, "45")

    page = signed_in(applicant).get("/continuing-education/", {"from_year": 2023, "to_year": 2025})

    assert page.status_code == 200
    html = page.content.decode()
    assert len(re.findall(r'class="ce-bar"', html)) == 3
    # 2025: 45 of 90 hours fill half the bar, and the gap is spelled out.
    assert '<rect class="professional" x="0" y="0" width="50.00%"' in html
    assert "15 professional hours" in html
    assert "No exam results on record." in html


def test_employer_hr_certifies_and_rejects_claims_from_the_review_page(
    signed_in, applicant, employer_hr, certified_hours
):
    first = certified_hours(applicant, 2025, "8", certify=False)
    second = certified_hours(applicant, 2025, "6", certify=False)
    client = signed_in(employer_hr)

    page = client.get("/continuing-education/review/")
    assert page.status_code == 200
    assert page.content.decode().count('name="reason"') == 2

    client.post(f"/continuing-education/records/{first.pk}/certify/")
    client.post(f"/continuing-education/records/{second.pk}/reject/", {"reason": "重复申报"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == CreditHourRecord.Status.CERTIFIED
    assert (second.status, second.rejection_reason) == ("rejected", "重复申报")
    assert "No hours are waiting" in client.get("/continuing-education/review/").content.decode()


def test_strangers_cannot_see_or_certify_someone_elses_hours(
    signed_in, applicant, demo, certified_hours
):
    claim = certified_hours(applicant, 2025, "8", certify=False)
    client = signed_in(demo["users"]["school_hr"])

    assert client.post(f"/continuing-education/records/{claim.pk}/certify/").status_code == 404
    assert client.get(f"/continuing-education/people/{applicant.pk}/").status_code == 404
    claim.refresh_from_db()
    assert claim.status == CreditHourRecord.Status.CLAIMED


def test_the_import_page_lists_every_bad_row_in_a_table(
    signed_in, applicant, employer_hr, django_capture_on_commit_callbacks
):
    rows = [
        [
            applicant.id_number,
            "",
            2025,
            "课程",
            "",
            "专业科目",
            "",
            "-4",
            None,
            date(2025, 3, 1),
            "",
        ],
        ["999", "", 2025, "课程", "", "专业科目", "", "4", None, date(2025, 3, 1), ""],
    ]
    client = signed_in(employer_hr)

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/continuing-education/imports/hours/", {"file": workbook_bytes(rows)}
        )

    assert started.status_code == 302
    html = client.get(started["Location"]).content.decode()
    assert "Nothing was imported" in html
    assert re.search(r'<td class="numeric">2</td>', html)
    assert re.search(r'<td class="numeric">3</td>', html)
    assert "No one with ID number 999" in html
    assert CreditHourRecord.objects.count() == 0

    template = client.get("/continuing-education/imports/hours/template/")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_person_records_a_claim_through_the_form(signed_in, applicant):
    client = signed_in(applicant)

    refused = client.post(
        "/continuing-education/claim/",
        {
            "year": 2025,
            "activity": "安全生产培训",
            "activity_kind": "training",
            "subject_kind": "general",
            "hours": "6",
            "ended_on": "2024-05-01",
        },
    )
    assert refused.status_code == 400
    assert "outside 2025" in refused.content.decode()

    client.post(
        "/continuing-education/claim/",
        {
            "year": 2025,
            "activity": "安全生产培训",
            "activity_kind": "training",
            "subject_kind": "general",
            "hours": "6",
            "ended_on": "2025-05-01",
        },
    )
    assert CreditHourRecord.objects.get().status == CreditHourRecord.Status.CLAIMED
