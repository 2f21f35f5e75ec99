from datetime import date

import pytest
from rest_framework.test import APIClient

from continuing_ed.models import CreditHourRecord

from .conftest import workbook_bytes

BASE = "/api/v1/continuing-education"


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        return client

    return as_user


def claim_body(**changes):
    return {
        "year": 2025,
        "activity": "公路工程质量检测",
        "subject_kind": "professional",
        "hours": "89.5",
        "ended_on": "2025-08-20",
        **changes,
    }


def test_a_person_claims_their_employer_certifies_and_the_requirement_shows_it(
    api, applicant, employer_hr
):
    claimed = api(applicant).post(f"{BASE}/hours/", claim_body(), format="json")
    assert claimed.status_code == 201, claimed.content
    assert claimed.json()["status"] == "claimed"
    assert claimed.json()["hours"] == "89.5"

    certified = api(employer_hr).post(f"{BASE}/hours/{claimed.json()['id']}/certify/")
    assert certified.status_code == 200
    assert certified.json()["decided_by_name"] == "赵人事"

    years = api(applicant).get(f"{BASE}/requirement/", {"from_year": 2025, "to_year": 2025})
    assert years.status_code == 200
    (year,) = years.json()
    assert year["certified_total"] == "89.5"
    assert year["meets"] is False
    assert year["missing_any"] == "0.5"


def test_strangers_get_404_and_bad_input_400(api, applicant, demo):
    record = api(applicant).post(f"{BASE}/hours/", claim_body(), format="json").json()
    stranger = api(demo["users"]["school_hr"])

    assert stranger.get(f"{BASE}/hours/{record['id']}/").status_code == 404
    assert stranger.post(f"{BASE}/hours/{record['id']}/certify/").status_code == 404
    assert stranger.get(f"{BASE}/requirement/", {"person": applicant.pk}).status_code == 404
    assert stranger.get(f"{BASE}/hours/").json()["count"] == 0

    refused = api(applicant).post(
        f"{BASE}/hours/", claim_body(ended_on="2024-12-31"), format="json"
    )
    assert refused.status_code == 400
    assert "outside 2025" in refused.json()["errors"]["ended_on"][0]


def test_rejecting_needs_a_reason(api, applicant, employer_hr):
    record = api(applicant).post(f"{BASE}/hours/", claim_body(), format="json").json()

    assert api(employer_hr).post(f"{BASE}/hours/{record['id']}/reject/", {}).status_code == 400
    rejected = api(employer_hr).post(
        f"{BASE}/hours/{record['id']}/reject/", {"reason": "无证书"}, format="json"
    )
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["rejection_reason"] == "无证书"


def test_hour_import_answers_every_bad_row_or_the_batch(api, applicant, employer_hr):
    bad = [
        [applicant.id_number, "", 2025, "课程", "", "专业科目", "", "x", None, date(2025, 3, 1), ""]
    ]
    good = [
        [
            applicant.id_number,
            "",
            2025,
            "课程",
            "",
            "专业科目",
            "",
            "6",
            None,
            date(2025, 3, 1),
            "C-1",
        ]
    ]

    refused = api(employer_hr).post(
        f"{BASE}/hour-imports/", {"file": workbook_bytes(bad)}, format="multipart"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "import_rejected"
    assert list(refused.json()["errors"]) == ["2"]
    assert CreditHourRecord.objects.count() == 0

    accepted = api(employer_hr).post(
        f"{BASE}/hour-imports/", {"file": workbook_bytes(good)}, format="multipart"
    )
    assert accepted.status_code == 201
    assert accepted.json()["row_count"] == 1

    assert (
        api(applicant)
        .post(f"{BASE}/hour-imports/", {"file": workbook_bytes(good)}, format="multipart")
        .status_code
        == 403
    )


def test_templates_download_as_excel(api, employer_hr):
    for kind in ("hour-imports", "exam-imports"):
        response = api(employer_hr).get(f"{BASE}/{kind}/template/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content[:2] == b"PK"


def test_courses_enrolment_and_completion_credit_certified_hours(api, applicant, employer_hr):
    enterprise = employer_hr.memberships.get().organization
    course = api(employer_hr).post(
        f"{BASE}/courses/",
        {
            "name": "智慧交通专题研修",
            "provider_organization": enterprise.pk,
            "subject_kind": "professional",
            "hours": "24",
            "starts_on": "2025-03-01",
            "ends_on": "2025-03-04",
        },
        format="json",
    )
    assert course.status_code == 201, course.content
    assert course.json()["provider_name"] == enterprise.name

    enrolment = api(applicant).post(f"{BASE}/courses/{course.json()['id']}/enrol/")
    assert enrolment.status_code == 201
    completed = api(employer_hr).post(
        f"{BASE}/enrolments/{enrolment.json()['id']}/complete/",
        {"completed_on": "2025-03-04"},
        format="json",
    )
    assert completed.status_code == 200, completed.content

    (record,) = api(applicant).get(f"{BASE}/hours/").json()["results"]
    assert (record["hours"], record["status"], record["year"]) == ("24.0", "certified", 2025)


def test_every_endpoint_is_in_the_openapi_schema_without_warnings(client, employer_hr):
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    client.force_login(employer_hr)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = [path for path in schema["paths"] if path.startswith(f"{BASE}/")]

    assert f"{BASE}/hours/{{id}}/certify/" in paths
    assert f"{BASE}/hour-imports/template/" in paths
    assert f"{BASE}/requirement/" in paths
    assert len(paths) == 19
    emitted = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    ours = [message for message in emitted if "continuing_ed" in message]
    assert ours == []
