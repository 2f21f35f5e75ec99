"""The employer's HR certifies (or rejects with a reason) many credit-hour claims at once: the
ticked claims come back as a preview, and once confirmed each goes through the one-claim
service and the page lists every outcome."""

from datetime import date

import pytest

from continuing_ed.models import CreditHourRecord
from continuing_ed.services import claim_hours

URL = "/continuing-education/records/decide/"
Status = CreditHourRecord.Status


@pytest.fixture
def claims(applicant):
    return [
        claim_hours(
            person=applicant,
            year=2025,
            activity=f"公路桥梁养护新技术{number}",
            subject_kind="professional",
            hours="8",
            ended_on=date(2025, 9, 12),
            provider_name="示范省交通职业技术学院",
            certificate_number=f"JT-2025-{number:04d}",
        )
        for number in range(1, 4)
    ]


@pytest.fixture
def hr_client(client, employer_hr):
    client.cookies["django_language"] = "en"
    client.force_login(employer_hr)
    return client


def statuses(claims):
    return [CreditHourRecord.objects.get(pk=claim.pk).status for claim in claims]


def test_the_review_page_offers_the_selection(hr_client, claims):
    page = hr_client.get("/continuing-education/review/").content.decode()
    assert 'form="bulk-claims"' in page
    assert "Certify the selected…" in page


def test_preview_then_certify_each(hr_client, claims):
    picked = {"records": [claim.pk for claim in claims], "decision": "certify"}
    preview = hr_client.post(URL, picked)
    assert preview.status_code == 200
    assert preview.content.decode().count("Will be certified") == 3
    assert statuses(claims) == [Status.CLAIMED] * 3

    done = hr_client.post(URL, {**picked, "step": "confirm"})
    assert done.status_code == 200
    assert [result.done for result in done.context["results"]] == [True] * 3
    assert "3 decided, 0 refused." in done.content.decode()
    assert statuses(claims) == [Status.CERTIFIED] * 3


def test_rejecting_many_needs_the_reason(hr_client, claims):
    picked = {"records": [c.pk for c in claims[:2]], "decision": "reject", "step": "confirm"}
    refused = hr_client.post(URL, {**picked, "reason": " "})
    assert refused.status_code == 400
    assert "Give the reason for rejecting these hours." in refused.content.decode()
    assert statuses(claims) == [Status.CLAIMED] * 3

    hr_client.post(URL, {**picked, "reason": "证书编号查无此证"})
    assert statuses(claims) == [Status.REJECTED, Status.REJECTED, Status.CLAIMED]


def test_claims_outside_the_readers_reach_are_not_taken(client, demo, claims):
    client.force_login(demo["users"]["hospital_hr"])
    response = client.post(
        URL, {"records": [claims[0].pk], "decision": "certify", "step": "confirm"}
    )
    assert response.status_code == 302
    assert statuses(claims) == [Status.CLAIMED] * 3
