"""A declaration goes from draft to qualified through the API alone, each person using their
own account, with the one-time correction notice on the way."""

from datetime import date, timedelta

from django.utils import translation
from django.utils.formats import date_format

from applicants.models import Declaration
from audit.models import AuditRecord
from notifications.models import Notification

from .conftest import PDF

S = Declaration.Status


def test_draft_to_qualified_through_the_api(world, api):
    applicant = api(world.applicant)
    form = {
        "plan": world.plan.pk,
        "title": world.senior.pk,
        "specialty": world.specialty.pk,
        "channel": "regular",
        "education": 3,
        "current_title_level": 3,
        "current_title_name": "工程师",
        "current_title_obtained_on": "2019-07-01",
        "professional_years": 16,
        "work_history": [
            {"started_on": "2010-07-01", "organization_name": "示范建设公司", "position": "技术员"}
        ],
        "assessments": [{"year": 2024, "grade": "competent"}, {"year": 2025, "grade": "excellent"}],
        "achievements": [
            {"kind": "paper", "title": "桥梁检测方法研究", "achieved_on": "2022-05-01"},
        ],
    }
    created = applicant.post("/api/v1/declarations/", form, format="json")
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    assert created.data["status"] == S.DRAFT
    assert len(created.data["achievements"]) == 1

    # Without materials the findings block submission, and say which ones are missing.
    findings = applicant.get(f"/api/v1/declarations/{pk}/findings/").data
    assert [f["code"] for f in findings if f["blocking"]] == ["materials_missing"]
    refused = applicant.post(f"/api/v1/declarations/{pk}/submit/", {"pledge": True}, format="json")
    assert refused.status_code == 400
    assert Declaration.objects.get(pk=pk).status == S.DRAFT

    for kind in (
        "diploma",
        "employment",
        "annual_assessment",
        "current_title",
        "performance",
        "paper",
    ):
        upload = applicant.post(
            f"/api/v1/declarations/{pk}/materials/",
            {"material_type": kind, "file": _file(f"{kind}.pdf")},
            format="multipart",
        )
        assert upload.status_code == 201, upload.data
    assert not [
        f for f in applicant.get(f"/api/v1/declarations/{pk}/findings/").data if f["blocking"]
    ]

    no_pledge = applicant.post(
        f"/api/v1/declarations/{pk}/submit/", {"pledge": False}, format="json"
    )
    assert no_pledge.status_code == 400
    assert "pledge" in no_pledge.data["errors"]
    submitted = applicant.post(
        f"/api/v1/declarations/{pk}/submit/", {"pledge": True}, format="json"
    )
    assert submitted.status_code == 200, submitted.data
    assert submitted.data["status"] == S.SUBMITTED

    employer = api(world.employer)
    assert employer.get(f"/api/v1/declarations/{pk}/").data["available_actions"] == [
        "start_publicity",
        "return",
    ]
    unit_proof = employer.post(
        f"/api/v1/declarations/{pk}/materials/",
        {"material_type": "employment", "file": _file("劳动合同.pdf")},
        format="multipart",
    )
    assert unit_proof.status_code == 201
    assert unit_proof.data["source"] == "employer"
    publicity = employer.post(f"/api/v1/declarations/{pk}/start-publicity/")
    assert publicity.status_code == 200, publicity.data
    assert publicity.data["status"] == S.IN_UNIT_PUBLICITY
    window = publicity.data["publicities"][0]
    assert window["working_days"] == world.plan.unit_publicity_working_days

    too_early = employer.post(
        f"/api/v1/declarations/{pk}/recommend/", {"commitment": True}, format="json"
    )
    assert too_early.status_code == 400
    with translation.override("zh-hans"):  # the API answers in Chinese first
        ends_on = date_format(date.fromisoformat(window["ends_on"]))
    assert ends_on in str(too_early.data)

    world.end_publicity(Declaration.objects.get(pk=pk))
    recommended = employer.post(
        f"/api/v1/declarations/{pk}/recommend/", {"commitment": True}, format="json"
    )
    assert recommended.status_code == 200, recommended.data
    assert recommended.data["status"] == S.RECOMMENDED  # the enterprise has no competent department

    office = api(world.office)
    listed = office.get("/api/v1/declarations/", {"status": S.RECOMMENDED}).data["results"]
    assert [row["id"] for row in listed] == [pk]
    assert (
        office.post(f"/api/v1/declarations/{pk}/start-check/").data["status"]
        == S.QUALIFICATION_CHECK
    )
    deadline = (date.today() + timedelta(days=10)).isoformat()
    correction = office.post(
        f"/api/v1/declarations/{pk}/request-correction/",
        {
            "items": [
                {"section": "achievements", "problem": "论文缺少刊物封面和目录页"},
                {"section": "assessments", "problem": "缺少2023年度考核结果"},
            ],
            "deadline": deadline,
        },
        format="json",
    )
    assert correction.status_code == 200, correction.data
    assert correction.data["status"] == S.CORRECTION_REQUESTED
    notice = correction.data["correction_notices"][0]
    assert notice["deadline"] == deadline
    assert [item["section"] for item in notice["items"]] == ["achievements", "assessments"]
    message = Notification.objects.filter(recipient=world.applicant).first()
    assert "论文缺少刊物封面和目录页" in message.body and "缺少2023年度考核结果" in message.body

    fixed = applicant.patch(
        f"/api/v1/declarations/{pk}/",
        {
            "assessments": [
                {"year": 2023, "grade": "competent"},
                {"year": 2024, "grade": "competent"},
                {"year": 2025, "grade": "excellent"},
            ]
        },
        format="json",
    )
    assert fixed.status_code == 200, fixed.data
    assert len(fixed.data["assessments"]) == 3
    resubmitted = applicant.post(
        f"/api/v1/declarations/{pk}/resubmit/", {"pledge": True}, format="json"
    )
    assert resubmitted.status_code == 200, resubmitted.data
    assert resubmitted.data["status"] == S.QUALIFICATION_CHECK  # straight back to the office

    qualified = office.post(
        f"/api/v1/declarations/{pk}/qualify/", {"reason": "材料齐全"}, format="json"
    )
    assert qualified.status_code == 200, qualified.data
    assert qualified.data["status"] == S.QUALIFIED

    trail = applicant.get(f"/api/v1/declarations/{pk}/audit-trail/").data
    moves = [
        (r["action"], r["from_state"], r["to_state"])
        for r in trail
        if r["from_state"] != r["to_state"]
    ]
    assert moves == [
        ("create", "", S.DRAFT),
        ("submit", S.DRAFT, S.SUBMITTED),
        ("start_publicity", S.SUBMITTED, S.IN_UNIT_PUBLICITY),
        ("recommend", S.IN_UNIT_PUBLICITY, S.RECOMMENDED),
        ("start_check", S.RECOMMENDED, S.QUALIFICATION_CHECK),
        ("request_correction", S.QUALIFICATION_CHECK, S.CORRECTION_REQUESTED),
        ("resubmit", S.CORRECTION_REQUESTED, S.QUALIFICATION_CHECK),
        ("qualify", S.QUALIFICATION_CHECK, S.QUALIFIED),
    ]
    recommend = next(r for r in trail if r["action"] == "recommend")
    assert recommend["actor"]["id"] == world.employer.pk
    assert recommend["role"] == "employer_hr"
    assert recommend["organization"]["name"] == world.plan.declarations.get().employer.name
    assert recommend["payload"] == {"commitment": True}
    qualify = AuditRecord.objects.get(declaration_id=pk, action="qualify")
    assert qualify.reason == "材料齐全" and qualify.organization == world.plan.jury.office
    # One message per move the applicant did not make themself.
    assert Notification.objects.filter(recipient=world.applicant).count() == 5


def test_a_unit_under_a_competent_department_goes_through_its_review(world, api):
    declaration = world.create(applicant=world.hospital_applicant)
    declaration = world.advance(declaration, S.IN_UNIT_PUBLICITY)
    world.end_publicity(declaration)
    hospital = api(world.hospital_hr)
    answer = hospital.post(
        f"/api/v1/declarations/{declaration.pk}/recommend/", {"commitment": True}, format="json"
    )
    assert answer.data["status"] == S.DEPARTMENT_REVIEW

    office = api(world.office)
    assert office.get(f"/api/v1/declarations/{declaration.pk}/").status_code == 404
    assert Notification.objects.filter(recipient=world.department).exists()

    department = api(world.department)
    assert department.get("/api/v1/declarations/").data["count"] == 1
    wrong_person = api(world.employer).post(
        f"/api/v1/declarations/{declaration.pk}/department-approve/"
    )
    assert wrong_person.status_code == 404
    approved = department.post(f"/api/v1/declarations/{declaration.pk}/department-approve/")
    assert approved.status_code == 200, approved.data
    assert approved.data["status"] == S.RECOMMENDED
    qualified = office.post(f"/api/v1/declarations/{declaration.pk}/qualify/")
    assert qualified.data["status"] == S.QUALIFIED


def test_the_unit_returns_with_reasons_and_the_applicant_submits_again(world, api):
    declaration = world.advance(world.create(), S.SUBMITTED)
    employer = api(world.employer)
    no_reason = employer.post(f"/api/v1/declarations/{declaration.pk}/return/", {}, format="json")
    assert no_reason.status_code == 400
    returned = employer.post(
        f"/api/v1/declarations/{declaration.pk}/return/",
        {
            "reason": "劳动合同复印件不清晰",
            "items": [{"section": "materials", "problem": "重新上传劳动合同"}],
        },
        format="json",
    )
    assert returned.status_code == 200, returned.data
    assert returned.data["status"] == S.RETURNED
    note = Notification.objects.filter(recipient=world.applicant).first()
    assert "劳动合同复印件不清晰" in note.body
    again = api(world.applicant).post(
        f"/api/v1/declarations/{declaration.pk}/submit/", {"pledge": True}, format="json"
    )
    assert again.data["status"] == S.SUBMITTED


def _file(name):
    from .conftest import pdf

    return pdf(name, PDF)
