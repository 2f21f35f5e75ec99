from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from continuing_ed.models import CreditHourRecord
from continuing_ed.services import certify_hours, claim_hours, reject_hours


@pytest.fixture
def claim(applicant):
    return claim_hours(
        person=applicant,
        year=2025,
        activity="公路桥梁养护新技术",
        subject_kind="professional",
        hours="12.5",
        ended_on=date(2025, 9, 12),
        provider_name="示范省交通职业技术学院",
        certificate_number="JT-2025-0042",
    )


def test_employer_hr_certifies_a_claim_and_the_record_keeps_who_when_and_for_whom(
    claim, employer_hr
):
    record = certify_hours(actor=employer_hr, record=claim)

    record.refresh_from_db()
    assert record.status == CreditHourRecord.Status.CERTIFIED
    assert record.decided_by == employer_hr
    assert record.decided_at is not None
    assert record.deciding_organization.name == "示范交通投资集团有限公司"


def test_the_city_bureau_may_certify_for_units_below_it(claim, demo):
    record = certify_hours(actor=demo["users"]["bureau"], record=claim)

    assert record.deciding_organization.name == "示范市人力资源和社会保障局"


def test_hr_of_another_unit_and_the_person_themself_cannot_certify(claim, demo, applicant):
    with pytest.raises(PermissionDenied):
        certify_hours(actor=demo["users"]["hospital_hr"], record=claim)
    with pytest.raises(PermissionDenied):
        certify_hours(actor=applicant, record=claim)
    claim.refresh_from_db()
    assert claim.status == CreditHourRecord.Status.CLAIMED


def test_a_rejection_needs_a_reason_and_a_decided_claim_cannot_be_decided_again(claim, employer_hr):
    with pytest.raises(ValidationError, match="reason"):
        reject_hours(actor=employer_hr, record=claim, reason="  ")

    rejected = reject_hours(actor=employer_hr, record=claim, reason="证书编号查无此证")
    assert rejected.rejection_reason == "证书编号查无此证"

    with pytest.raises(ValidationError, match="already"):
        certify_hours(actor=employer_hr, record=claim)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours": "-2"}, "hours"),
        ({"hours": "abc"}, "hours"),
        ({"hours": "1.25"}, "hours"),
        ({"ended_on": date(2024, 12, 31)}, "ended_on"),
        ({"started_on": date(2024, 12, 1)}, "started_on"),
        ({"certificate_number": "JT-2025-0042"}, "certificate_number"),
    ],
)
def test_bad_claims_are_refused_with_the_field_at_fault(claim, applicant, changes, field):
    fields = {
        "person": applicant,
        "year": 2025,
        "activity": "继续教育",
        "subject_kind": "general",
        "hours": "8",
        "ended_on": date(2025, 3, 1),
        **changes,
    }

    with pytest.raises(ValidationError) as refused:
        claim_hours(**fields)

    assert field in refused.value.message_dict
    assert CreditHourRecord.objects.count() == 1
