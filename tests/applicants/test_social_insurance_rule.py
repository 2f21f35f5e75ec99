"""Private-enterprise staff whose personnel file is held elsewhere declare through their unit
only after SOCIAL_INSURANCE_MIN_MONTHS (12) of social insurance there, counted to the plan's
cut-off date (Qinghai 2022). The applicant says where the file is; the unit states when its
contributions began and certifies it by recommending; fewer months is a blocking finding.
Each limit with the day before and the day of it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from applicants import services
from applicants.eligibility import evaluate_eligibility
from applicants.eligibility_dates import months_reached_on, whole_months
from applicants.eligibility_periods import latest_start
from applicants.models import Declaration
from audit.models import AuditRecord

S = Declaration.Status


def insurance_findings(declaration):
    return [f for f in evaluate_eligibility(declaration) if f.code.startswith("social_insurance")]


@pytest.fixture
def in_publicity(world):
    """An applicant of the enterprise whose personnel file is held elsewhere, whose unit
    publicity has ended: the unit may recommend."""
    declaration = world.create(personnel_file_elsewhere=True)
    declaration = world.advance(declaration, S.IN_UNIT_PUBLICITY)
    world.end_publicity(declaration)
    return declaration


def test_whole_months_count_every_day_from_the_start_to_the_cutoff():
    assert whole_months(date(2026, 1, 1), date(2026, 12, 31)) == 12
    assert whole_months(date(2026, 1, 2), date(2026, 12, 31)) == 11
    assert whole_months(date(2026, 1, 1), date(2026, 12, 30)) == 11
    assert whole_months(date(2025, 12, 31), date(2026, 12, 30)) == 12
    # A month from the 31st ends with a shorter month's last day.
    assert whole_months(date(2026, 1, 31), date(2026, 2, 27)) == 1
    assert whole_months(date(2026, 1, 31), date(2026, 2, 26)) == 0
    assert months_reached_on(date(2026, 1, 2), 12) == date(2027, 1, 1)
    assert latest_start(date(2026, 12, 31), 12) == date(2026, 1, 1)
    assert latest_start(date(2026, 12, 31), 6) == date(2026, 7, 1)


def test_nothing_is_asked_of_an_applicant_whose_file_is_with_the_unit(world):
    assert insurance_findings(world.create()) == []


def test_before_the_unit_recommends_the_finding_says_what_is_needed(world):
    declaration = world.create(personnel_file_elsewhere=True)
    [finding] = insurance_findings(declaration)
    assert (finding.code, finding.blocking) == ("social_insurance_not_certified", False)
    assert finding.evidence == {
        "minimum_months": 12,
        "counted_until": "2026-12-31",
        "latest_start": "2026-01-01",
    }
    assert "At least 12 months by 31 Dec 2026 are needed" in finding.message_en
    assert "they must have begun by 1 Jan 2026" in finding.message_en
    assert finding.rule.startswith("Private-enterprise staff whose personnel file is held")
    # It does not stop the applicant: the unit certifies the date after the submission.
    services.submit_declaration(declaration, actor=world.applicant, pledge=True)
    declaration.refresh_from_db()
    assert declaration.status == S.SUBMITTED


def test_the_unit_cannot_recommend_without_stating_the_start(world, in_publicity):
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as refusal:
        services.recommend_declaration(in_publicity, actor=world.employer, commitment=True)
    assert "social_insurance_since" in refusal.value.message_dict
    in_publicity.refresh_from_db()
    assert in_publicity.status == S.IN_UNIT_PUBLICITY
    assert in_publicity.social_insurance_since is None
    assert AuditRecord.objects.count() == before


def test_a_start_the_day_after_the_limit_is_refused(world, in_publicity):
    with pytest.raises(ValidationError) as refusal:
        services.recommend_declaration(
            in_publicity,
            actor=world.employer,
            commitment=True,
            social_insurance_since=date(2026, 1, 2),
        )
    unit = in_publicity.employer.name
    assert refusal.value.message_dict["social_insurance_since"] == [
        f"11 months of social insurance at {unit}, from 2 Jan 2026 to the cut-off date "
        "31 Dec 2026: at least 12 are needed, which would be reached on 1 Jan 2027."
    ]
    in_publicity.refresh_from_db()
    assert (in_publicity.status, in_publicity.social_insurance_since) == (S.IN_UNIT_PUBLICITY, None)


def test_a_start_on_the_limit_is_certified_by_recommending(world, in_publicity):
    services.recommend_declaration(
        in_publicity,
        actor=world.employer,
        commitment=True,
        social_insurance_since=date(2026, 1, 1),
    )
    declaration = Declaration.objects.get(pk=in_publicity.pk)
    assert declaration.status == S.RECOMMENDED
    assert declaration.social_insurance_since == date(2026, 1, 1)
    assert declaration.social_insurance_certified_by == world.employer
    assert declaration.social_insurance_certified_at is not None
    record = AuditRecord.objects.filter(declaration=declaration, action="recommend").get()
    assert record.payload["social_insurance_since"] == "2026-01-01"
    assert insurance_findings(declaration) == []


def test_fewer_months_by_the_cutoff_block_the_qualification_check(world, in_publicity):
    services.recommend_declaration(
        in_publicity,
        actor=world.employer,
        commitment=True,
        social_insurance_since=date(2026, 1, 1),
    )
    plan = world.plan
    plan.achievement_cutoff = date(2026, 12, 30)  # the day before the twelfth month is full
    plan.save()
    declaration = Declaration.objects.get(pk=in_publicity.pk)
    [finding] = insurance_findings(declaration)
    assert (finding.code, finding.blocking) == ("social_insurance_short", True)
    assert {key: finding.evidence[key] for key in finding.evidence if key != "certified_at"} == {
        "social_insurance_since": "2026-01-01",
        "counted_until": "2026-12-30",
        "months": 11,
        "minimum_months": 12,
        "minimum_reached_on": "2026-12-31",
    }
    assert finding.evidence["certified_at"] is not None  # when the unit certified it
    with pytest.raises(ValidationError):
        services.qualify_declaration(declaration, actor=world.office)

    plan.achievement_cutoff = date(2026, 12, 31)  # the day it is full
    plan.save()
    declaration = Declaration.objects.get(pk=in_publicity.pk)
    assert insurance_findings(declaration) == []
    services.qualify_declaration(declaration, actor=world.office)
    declaration.refresh_from_db()
    assert declaration.status == S.QUALIFIED


def test_the_minimum_is_a_setting(world, settings):
    settings.SOCIAL_INSURANCE_MIN_MONTHS = 6
    declaration = world.create(personnel_file_elsewhere=True)
    Declaration.objects.filter(pk=declaration.pk).update(social_insurance_since=date(2026, 7, 1))
    declaration = Declaration.objects.get(pk=declaration.pk)
    assert insurance_findings(declaration) == []
    Declaration.objects.filter(pk=declaration.pk).update(social_insurance_since=date(2026, 7, 2))
    declaration = Declaration.objects.get(pk=declaration.pk)
    [finding] = insurance_findings(declaration)
    assert (finding.code, finding.evidence["months"], finding.evidence["minimum_months"]) == (
        "social_insurance_short",
        5,
        6,
    )


def test_ticking_the_box_after_the_recommendation_blocks_the_check(world):
    declaration = world.advance(world.create(), S.RECOMMENDED)
    Declaration.objects.filter(pk=declaration.pk).update(personnel_file_elsewhere=True)
    declaration = Declaration.objects.get(pk=declaration.pk)
    [finding] = insurance_findings(declaration)
    assert (finding.code, finding.blocking) == ("social_insurance_not_certified", True)
    assert "did not certify" in finding.message_en


def test_a_start_in_the_future_is_refused(world, in_publicity):
    with pytest.raises(ValidationError) as refusal:
        services.recommend_declaration(
            in_publicity,
            actor=world.employer,
            commitment=True,
            social_insurance_since=date(2099, 1, 1),
        )
    assert refusal.value.message_dict["social_insurance_since"] == ["This date is in the future."]


def test_the_unit_states_the_start_on_the_recommendation_form(
    world, in_publicity, client, settings
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(world.employer)
    page = client.get(f"/declarations/{in_publicity.pk}/").content.decode()
    assert 'name="recommend-social_insurance_since"' in page
    assert "held elsewhere (private enterprise)" in page

    refused = client.post(
        f"/declarations/{in_publicity.pk}/act/recommend/", {"recommend-commitment": "on"}
    )
    assert refused.status_code == 200
    assert "state when the unit&#x27;s social insurance contributions" in refused.content.decode()

    response = client.post(
        f"/declarations/{in_publicity.pk}/act/recommend/",
        {"recommend-commitment": "on", "recommend-social_insurance_since": "2026-01-01"},
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "2026-01-01" in detail and "certified by the unit on" in detail


def test_the_api_takes_the_start_with_the_recommendation(world, in_publicity, api):
    client = api(world.employer)
    url = f"/api/v1/declarations/{in_publicity.pk}/recommend/"
    refused = client.post(url, {"commitment": True}, format="json")
    assert refused.status_code == 400
    assert "social_insurance_since" in refused.json()["errors"]
    response = client.post(
        url, {"commitment": True, "social_insurance_since": "2026-01-01"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == S.RECOMMENDED
    assert (body["personnel_file_elsewhere"], body["social_insurance_since"]) == (
        True,
        "2026-01-01",
    )
